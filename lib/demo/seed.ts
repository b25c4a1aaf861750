/**
 * The starting point of every scenario: Lumen Assist version 1 live at 100% on the `live` alias, pinned to the
 * good snapshot through AppConfig configuration version 1, with its unit-test evidence recorded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalWorld } from '../local-stage/services';
import { DEFAULT_PROMPT_BUNDLE, promptBundleSha, type PromptBundleId } from '../../functions/sample-assistant/prompts';
import { RELEASE_ENV } from '../../functions/release/state';
import { APP_ALIAS, APP_FUNCTION } from '../local-stage/stage';

export const STABLE_MODEL = 'sim.assistant-2024-11-20';
export const CODE_SHA = 'lumen-assist-code-1';
export const TEST_REPORT = 's3://lumen-ci-reports/assistant/junit.xml';

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="lumen-assist" tests="287" failures="0" errors="0" skipped="0" time="4.2">
  <testsuite name="assistant" tests="287" failures="0" errors="0" skipped="0" time="4.2"/>
</testsuites>
`;

/** The environment of a version of the assistant, as its deployment would set it. */
export function assistantEnvironment(modelId: string, pinsVersion: string, extra: Record<string, string> = {}, promptBundle: PromptBundleId = DEFAULT_PROMPT_BUNDLE): Record<string, string> {
  return {
    [RELEASE_ENV.modelId]: modelId,
    [RELEASE_ENV.pinsVersion]: pinsVersion,
    [RELEASE_ENV.promptSha]: promptBundleSha(promptBundle),
    EVALGATE_PROMPT_BUNDLE: promptBundle,
    EVALGATE_LIVE_SAMPLE_RATE: '1',
    POWERTOOLS_SERVICE_NAME: 'lumen-assist',
    ...extra,
  };
}

/** Seeds the world; `promptBundle` is the prompt bundle the live version runs. */
export async function seedStage(world: LocalWorld, promptBundle: PromptBundleId = DEFAULT_PROMPT_BUNDLE): Promise<void> {
  const environment = assistantEnvironment(STABLE_MODEL, '1', {}, promptBundle);
  world.registry.setLatest(APP_FUNCTION, { codeSha256: CODE_SHA, environment });
  const stable = world.registry.publish(APP_FUNCTION, { codeSha256: CODE_SHA, environment, description: 'first release' });
  world.router.createAlias({ functionName: APP_FUNCTION, alias: APP_ALIAS }, stable.version);
  const pins = await world.pinStore.createHostedVersion({ modelId: STABLE_MODEL });
  await world.pinStore.deploy(pins, 'initial pins');
  // CI's JUnit report, where the pipeline's build would have uploaded it.
  const [, bucket, ...key] = TEST_REPORT.replace('s3://', '/').split('/');
  const file = join(world.dir, 's3', bucket!, ...key);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JUNIT);
  void world.releaseStore.recordTestEvidence(APP_FUNCTION, CODE_SHA, { source: 's3-junit', reference: TEST_REPORT, tests: 287, failures: 0, errors: 0, skipped: 0 });
}
