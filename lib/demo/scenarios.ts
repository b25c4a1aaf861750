/**
 * The sample's release scenarios: `npm run demo` runs them on the local stage with
 * `evalgate simulate --scenarios lib/demo/scenarios.ts`, as a team would run its own. Each starts from the seeded
 * stage (Lumen Assist version 1 live, pinned to the good snapshot through AppConfig configuration 1), makes one
 * change the way a team would, runs the real release state machine and says what must hold at the end: the
 * scenarios are the demo and the end-to-end tests at once.
 */
import type { Scenario, ScenarioContext, ScenarioFile } from 'evalgate';
import { RELEASE_ENV } from 'evalgate/runtime';
import { readFileSync } from 'node:fs';
import { promptBundleSha, type PromptBundleId } from '../../functions/sample-assistant/prompts';

export const STABLE_MODEL = 'sim.assistant-2024-11-20';

/**
 * The sample's CI report of the live code (what its build uploads), so releases of that code have evidence.
 * Read from the repository root, where `npm run demo` runs (this module is bundled before it is loaded).
 */
export const SAMPLE_JUNIT = 'lib/demo/ci/junit.xml';

/** The variables of a version that runs `bundle`, as the sample's build sets them. */
const promptBundle = (bundle: PromptBundleId) => ({ EVALGATE_PROMPT_BUNDLE: bundle, [RELEASE_ENV.promptSha]: promptBundleSha(bundle) });

/** A pin change as the AppConfig trigger starts it: the new configuration is deployed, then released. */
const pinChange = async (stage: ScenarioContext, modelId: string) => (await stage.changePins({ modelId })).input;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'prompt-change',
    title: 'a better prompt bundle',
    seed: { environment: promptBundle('2024-10') },
    setup: async (stage) => {
      const version = await stage.publishVersion({ environment: promptBundle('2024-12'), description: 'prompt bundle 2024-12' });
      return {
        story: 'prompts 2024-12 replace 2024-10 (figures kept verbatim, strict word limits, JSON only): the gate passes against the live baseline, 5% -> 25% -> 100%',
        input: stage.manualRelease(version),
        expectEnd: 'Promoted',
        expectServing: version,
        expectPins: '1',
      };
    },
  },
  {
    name: 'unpinned-model',
    title: 'a pin change to an undated model id',
    setup: async (stage) => {
      const refusedUpFront: string[] = [];
      try {
        await stage.changePins({ modelId: 'gpt-4o' });
      } catch (error) {
        refusedUpFront.push(`AppConfig validator: ${(error as Error).message}`);
      }
      // Someone sets the model id on the function by hand and publishes: Prepare refuses it as well.
      const version = await stage.publishVersion({ environment: { [RELEASE_ENV.modelId]: 'claude-3-5-sonnet-latest' }, description: 'model set by hand' });
      return {
        story: 'gpt-4o (undated) is refused by the AppConfig validator; a version with claude-3-5-sonnet-latest set by hand is refused by Prepare',
        refusedUpFront,
        input: stage.manualRelease(version),
        expectEnd: 'ReleaseRefused',
        expectServing: stage.live.version,
        expectPins: '1',
      };
    },
  },
  {
    name: 'regressed-model',
    title: 'pin change to sim.assistant-2025-02-14',
    setup: async (stage) => ({
      story: 'a clearly regressed snapshot: blocked at the eval gate, before any traffic; AppConfig back on the previous pins',
      input: await pinChange(stage, 'sim.assistant-2025-02-14'),
      expectEnd: 'GateBlocked',
      expectServing: stage.live.version,
      expectPins: '1',
    }),
  },
  {
    name: 'live-regression',
    title: 'pin change to sim.assistant-2025-04-01',
    setup: async (stage) => ({
      story: 'passes the offline suites, degrades on long, messy live traffic at 5%: rolled back, AppConfig back on the previous pins',
      input: await pinChange(stage, 'sim.assistant-2025-04-01'),
      expectEnd: 'RolledBack',
      expectServing: stage.live.version,
      expectPins: '1',
    }),
  },
  {
    name: 'mixed-change',
    title: 'prompt and model changed together',
    setup: async (stage) => {
      const version = await stage.publishVersion({
        environment: { [RELEASE_ENV.modelId]: 'sim.assistant-2025-04-01', [RELEASE_ENV.promptSha]: 'prompt-bundle-edited-in-the-same-commit' },
        description: 'new prompts and a new model',
      });
      return { story: 'refused by Prepare before any eval runs: a prompt change and a model change never ship together', input: stage.manualRelease(version), expectEnd: 'ReleaseRefused', expectServing: stage.live.version, expectPins: '1' };
    },
  },
  {
    name: 'concurrent-release',
    title: 'a second release of the same alias while one runs',
    setup: async (stage) => {
      const input = await pinChange(stage, STABLE_MODEL);
      const rival = await stage.publishVersion({ environment: { LOG_LEVEL: 'DEBUG' }, description: 'a config tweak' });
      let started = false;
      return {
        story: 'while the first release bakes at 5%, a second one of the same alias is refused; the first goes on to 100%',
        input,
        before: async (state, current) => {
          if (state !== 'CheckHealth5' || started) return;
          started = true;
          const second = await current.run(current.manualRelease(rival), 'rel-concurrent-2');
          current.log(`   second release rel-concurrent-2 -> ${second.end}`);
        },
        expectEnd: 'Promoted',
        // The refused rival is version 2; the pin change's candidate is published as 3.
        expectServing: String(Number(rival) + 1),
        expectPins: '2',
      };
    },
  },
];

export default { scenarios: SCENARIOS, junit: readFileSync(SAMPLE_JUNIT, 'utf8') } satisfies ScenarioFile;
