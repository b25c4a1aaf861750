/**
 * A complete fake world for the release logic and handlers: one fake per port, seeded with the sample
 * assistant's live version 5 on alias `live`, and the pieces a test needs to build a Release or an event.
 * Field names match the use cases' deps, so `{ ...world, evalShards, maxReleaseMinutes }` is a PrepareDeps.
 */
import type { FunctionVersion } from '../../../functions/ports/function-registry';
import { type EvalShard, type Release } from '../../../functions/release/state';
import { RELEASE_ENV } from '../../../functions/runtime/release-env';
import { FakeAppInvoker, type AppBehaviour } from './app-invoker';
import { FakeClock } from './clock';
import { FakeFunctionRegistry } from './function-registry';
import { FakeHealthSource } from './health-source';
import { FakeNotifier } from './notifier';
import { FakePinStore } from './pin-store';
import { FakeReleaseStore } from './release-store';
import { FakeReportStore } from './report-store';
import { FakeTestReportSource } from './test-reports';
import { FakeTrafficRouter } from './traffic-router';

export { FakeAppInvoker, FakeClock, FakeFunctionRegistry, FakeHealthSource, FakeNotifier, FakePinStore, FakeReleaseStore, FakeReportStore, FakeTestReportSource, FakeTrafficRouter };
export type { AppBehaviour };

export const FUNCTION = 'assistant';
export const ALIAS = 'live';
export const GOOD_MODEL = 'sim.assistant-2024-11-20';
export const NEW_MODEL = 'sim.assistant-2025-02-14';

/** The live version: model pins configuration 2, prompt bundle a. */
export const STABLE: FunctionVersion = {
  functionName: FUNCTION,
  version: '5',
  codeSha256: 'code-5',
  environment: { [RELEASE_ENV.modelId]: GOOD_MODEL, [RELEASE_ENV.pinsVersion]: '2', [RELEASE_ENV.promptSha]: 'prompt-a', LOG_LEVEL: 'INFO' },
};

/**
 * A version of the assistant derived from the live one.
 *
 * @example
 * versionOf('6', { codeSha256: 'code-6' }); // a code change
 * versionOf('6', { environment: { EVALGATE_MODEL_ID: NEW_MODEL } }); // a model change
 */
export function versionOf(version: string, changes: { codeSha256?: string; environment?: Record<string, string | undefined> } = {}): FunctionVersion {
  const environment = Object.fromEntries(
    Object.entries({ ...STABLE.environment, ...changes.environment }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { functionName: FUNCTION, version, codeSha256: changes.codeSha256 ?? STABLE.codeSha256, environment };
}

export interface FakeWorld {
  readonly clock: FakeClock;
  readonly registry: FakeFunctionRegistry;
  readonly router: FakeTrafficRouter;
  readonly healthSource: FakeHealthSource;
  readonly pinStore: FakePinStore;
  readonly releaseStore: FakeReleaseStore;
  readonly reportStore: FakeReportStore;
  readonly testReports: FakeTestReportSource;
  readonly notifier: FakeNotifier;
  readonly appInvoker: FakeAppInvoker;
}

/**
 * @example
 * const world = fakeWorld();
 * world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
 */
export function fakeWorld(options: { readonly app?: AppBehaviour } = {}): FakeWorld {
  const clock = new FakeClock();
  const registry = new FakeFunctionRegistry([STABLE]);
  const router = new FakeTrafficRouter((fn, version) => registry.exists(fn, version));
  router.setAlias({ functionName: FUNCTION, alias: ALIAS }, { version: STABLE.version, additionalWeights: {} });
  return {
    clock,
    registry,
    router,
    healthSource: new FakeHealthSource(),
    // Configuration 2 is what version 5 runs and is deployed; 3 proposes a new snapshot.
    pinStore: new FakePinStore({ '2': { modelId: GOOD_MODEL }, '3': { modelId: NEW_MODEL, fallbackModelId: GOOD_MODEL } }, '2'),
    releaseStore: new FakeReleaseStore(clock),
    reportStore: new FakeReportStore(),
    testReports: new FakeTestReportSource(),
    notifier: new FakeNotifier(),
    appInvoker: new FakeAppInvoker(options.app),
  };
}

export const SHARDS: readonly EvalShard[] = [
  { suite: 'echo', index: 0, from: 0, to: 2 },
  { suite: 'echo', index: 1, from: 2, to: 3 },
];

/**
 * A Release as Prepare returns it: 5 -> 6, a code change.
 *
 * @example
 * releaseOf({ change: { source: 'appconfig', kind: 'model' }, pins: { ... } });
 */
export function releaseOf(overrides: Partial<Release> = {}): Release {
  return {
    releaseId: 'rel-1',
    functionName: FUNCTION,
    alias: ALIAS,
    stableVersion: '5',
    candidateVersion: '6',
    change: { source: 'manual', kind: 'code' },
    codeSha256: 'code-6',
    startedAt: '2025-01-01T10:00:00.000Z',
    alarmNames: ['evalgate-rel-1-errors', 'evalgate-rel-1-p99-duration', 'evalgate-rel-1-live-score'],
    evalShards: SHARDS,
    ...overrides,
  };
}

/**
 * The lock Prepare takes for `releaseOf()` (rel-1) on the fake alias, valid until 16:00 on the fake clock's day,
 * with the Release attached when `release` is given (as Prepare's last step does).
 *
 * @example
 * await holdReleaseLock(world);                // rel-1 holds assistant:live
 * await holdReleaseLock(world, releaseOf());   // ... and the lock carries its Release
 */
export async function holdReleaseLock(world: Pick<FakeWorld, 'releaseStore'>, release?: Release): Promise<void> {
  const key = `${FUNCTION}:${ALIAS}`;
  await world.releaseStore.acquireLock(key, 'rel-1', new Date('2025-01-01T16:00:00Z'));
  if (release) await world.releaseStore.attachRelease(key, 'rel-1', release);
}
