/**
 * The release scenarios of the local stage. Each starts from the seeded world (version 1 live, pinned to the
 * good snapshot), makes one change the way a team would, runs the real release state machine and says what
 * must hold at the end: the scenarios are the demo and the end-to-end tests at once.
 */
import type { PromptBundleId } from '../../functions/sample-assistant/prompts';
import { RELEASE_ENV } from '../../functions/release/state';
import { assistantEnvironment, CODE_SHA, STABLE_MODEL, TEST_REPORT } from './seed';
import { APP_ALIAS, APP_FUNCTION, type LocalStage } from '../local-stage/stage';

export interface ScenarioStep {
  /** What a person reads in the timeline before the run. */
  readonly story: string;
  /** Refusals that happen before any execution starts (the AppConfig validator), as messages. */
  readonly refusedUpFront?: readonly string[];
  /** The release to run, if any. */
  readonly input?: unknown;
  readonly executionName?: string;
  /** Runs before a Task's handler (a rival release, a fault). */
  readonly before?: (state: string, stage: LocalStage) => void | Promise<void>;
  /** The end state the release must reach. */
  readonly expectEnd?: string;
  /** The version the alias must serve at 100% afterwards, and the pins configuration AppConfig must have live. */
  readonly expectServing: string;
  readonly expectPins: string;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** The prompt bundle the live version runs at the start. @default the current bundle */
  readonly livePromptBundle?: PromptBundleId;
  /** Prepares the change; returns the step to run. */
  readonly setup: (stage: LocalStage) => Promise<ScenarioStep>;
}

const target = { functionName: APP_FUNCTION, alias: APP_ALIAS };

/** A pin change as the AppConfig trigger starts it: the new configuration is deployed, then released. */
async function pinChange(stage: LocalStage, modelId: string): Promise<{ input: unknown; configurationVersion: string }> {
  const configurationVersion = await stage.world.pinStore.createHostedVersion({ modelId });
  await stage.world.pinStore.deploy(configurationVersion, `pin ${modelId}`);
  return { configurationVersion, input: { target, candidate: { modelPins: { configurationVersion } }, change: { source: 'appconfig' } } };
}

/** A version published by the delivery pipeline (same code, another environment), released by hand. */
function publishVersion(stage: LocalStage, environment: Record<string, string>, description: string): string {
  return stage.world.registry.publish(APP_FUNCTION, { codeSha256: CODE_SHA, environment, description }).version;
}

const manual = (version: string) => ({ target, candidate: { version }, change: { source: 'manual', commit: 'a1b2c3d', testReport: TEST_REPORT } });

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'prompt-change',
    title: 'a better prompt bundle',
    livePromptBundle: '2024-10',
    setup: async (stage) => {
      const version = publishVersion(stage, assistantEnvironment(STABLE_MODEL, '1', {}, '2024-12'), 'prompt bundle 2024-12');
      return {
        story: 'prompts 2024-12 replace 2024-10 (figures kept verbatim, strict word limits, JSON only): the gate passes against the live baseline, 5% -> 25% -> 100%',
        input: manual(version),
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
        await stage.world.pinStore.createHostedVersion({ modelId: 'gpt-4o' });
      } catch (error) {
        refusedUpFront.push(`AppConfig validator: ${(error as Error).message}`);
      }
      // Someone sets the model id on the function by hand and publishes: Prepare refuses it as well.
      const version = publishVersion(stage, assistantEnvironment('claude-3-5-sonnet-latest', '1'), 'model set by hand');
      return {
        story: 'gpt-4o (undated) is refused by the AppConfig validator; a version with claude-3-5-sonnet-latest set by hand is refused by Prepare',
        refusedUpFront,
        input: manual(version),
        expectEnd: 'ReleaseRefused',
        expectServing: '1',
        expectPins: '1',
      };
    },
  },
  {
    name: 'regressed-model',
    title: 'pin change to sim.assistant-2025-02-14',
    setup: async (stage) => {
      const { input } = await pinChange(stage, 'sim.assistant-2025-02-14');
      return {
        story: 'a clearly regressed snapshot: blocked at the eval gate, before any traffic; AppConfig back on the previous pins',
        input,
        expectEnd: 'GateBlocked',
        expectServing: '1',
        expectPins: '1',
      };
    },
  },
  {
    name: 'live-regression',
    title: 'pin change to sim.assistant-2025-04-01',
    setup: async (stage) => {
      const { input } = await pinChange(stage, 'sim.assistant-2025-04-01');
      return {
        story: 'passes the offline suites, degrades on long, messy live traffic at 5%: rolled back, AppConfig back on the previous pins',
        input,
        expectEnd: 'RolledBack',
        expectServing: '1',
        expectPins: '1',
      };
    },
  },
  {
    name: 'mixed-change',
    title: 'prompt and model changed together',
    setup: async (stage) => {
      const environment = { ...assistantEnvironment('sim.assistant-2025-04-01', '1'), [RELEASE_ENV.promptSha]: 'prompt-bundle-edited-in-the-same-commit' };
      const version = publishVersion(stage, environment, 'new prompts and a new model');
      return { story: 'refused by Prepare before any eval runs: a prompt change and a model change never ship together', input: manual(version), expectEnd: 'ReleaseRefused', expectServing: '1', expectPins: '1' };
    },
  },
  {
    name: 'concurrent-release',
    title: 'a second release of the same alias while one runs',
    setup: async (stage) => {
      const { input } = await pinChange(stage, STABLE_MODEL);
      const rival = publishVersion(stage, assistantEnvironment(STABLE_MODEL, '1', { LOG_LEVEL: 'DEBUG' }), 'a config tweak');
      let started = false;
      return {
        story: 'while the first release bakes at 5%, a second one of the same alias is refused; the first goes on to 100%',
        input,
        before: async (state, current) => {
          if (state !== 'CheckHealth5' || started) return;
          started = true;
          const second = await current.run({ input: manual(rival), executionName: 'rel-concurrent-2' });
          current.log(`   second release rel-concurrent-2 -> ${second.end}`);
        },
        expectEnd: 'Promoted',
        // Version 2 is the refused rival; the pin change's candidate is published as 3.
        expectServing: '3',
        expectPins: '2',
      };
    },
  },
];

export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario '${name}'; allowed: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}
