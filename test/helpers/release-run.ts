/**
 * Runs the SYNTHESIZED release state machine on aws-local-stepfunctions with every Task served in-process by its
 * real handler (makeHandler) over the fake world. Waits take no real time: each Bake advances the fake clock by
 * the health-check interval, so a 30-minute bake is thirty quick iterations, as on AWS.
 */
import type { Context } from 'aws-lambda';
import { createReleaseLogger } from '../../functions/shared/middleware';
import { executeRelease, type LocalTask } from '../../lib/local-stage/execute';
import { RetryClock } from '../../lib/local-stage/retry-clock';
import { handlerKeyOf, TASK_HANDLERS } from '../../lib/local-stage/task-handlers';

export { taskStatesOf } from '../../lib/local-stage/execute';
import { fakeWorld, type AppBehaviour, type FakeWorld } from './fakes';
import { lambdaContext } from './fakes/lambda';
import { releaseOfTemplate, type LocalRelease } from '../../lib/local-stage/assembly';
import { buildRelease } from '../lib/stack';

/** The synthesized machine and its synth-time settings. */
export type SynthesizedRelease = LocalRelease;

type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlers = TASK_HANDLERS;

export const SUITES_DIR = 'test/fixtures/suites';
export const HEALTH_CHECK_INTERVAL_MS = 60_000;
/** Live requests a minute through the alias while a canary bakes (the demo's traffic). */
export const LIVE_RPM = 120;

/** Synthesizes EvalGatedRelease (default canary steps) against the fixture suites; do it once per test file. */
export function synthesizeRelease(): SynthesizedRelease {
  return releaseOfTemplate(buildRelease({ suitesDir: SUITES_DIR, evalShardSize: 2 }).json);
}

/** A hook run before a Task state's handler: the place to set an alarm, start a rival release or inject a fault. */
export type BeforeTask = (state: string, event: unknown, world: FakeWorld) => void | Promise<void>;

export interface RunOptions {
  /** The execution input (JSON). */
  readonly input: unknown;
  readonly executionName?: string;
  readonly before?: BeforeTask;
  /** Stops the execution as StopExecution does (no Catch, no Finalize); the run returns once its Task in flight ends. */
  readonly signal?: AbortSignal;
  /** Live requests a minute through the alias while the canary bakes. @default LIVE_RPM */
  readonly rpm?: number;
}

export interface RunResult {
  /** The Succeed or Fail state the execution ended in. */
  readonly end: string;
  /** The error of a failed execution. */
  readonly error?: string;
  readonly entered: readonly string[];
  readonly transitions: number;
}

/** The app as the eval run sees it: `behaviour` answers; the candidate's live-score middleware is simulated. */
export function worldFor(behaviour: AppBehaviour): FakeWorld {
  let world!: FakeWorld;
  world = fakeWorld({
    app: (version, request) => {
      world.healthSource.emitLiveScore('assistant', version, world.clock.now());
      return behaviour(version, request);
    },
  });
  return world;
}

export const taskOf = handlerKeyOf;

/** Serves every Task state with its real handler over `world`; the Bake before a check is an interval of fake time. */
function localTask(synthesized: SynthesizedRelease, world: FakeWorld, before: BeforeTask | undefined, rpm: number): LocalTask {
  const deps = {
    ...world,
    logger: createReleaseLogger(),
    evalShards: synthesized.evalShards,
    maxReleaseMinutes: 360,
    suitesDir: SUITES_DIR,
    policyFile: 'evals/policy.yaml',
    concurrency: 4,
    extraAlarms: [],
  };
  const built = Object.fromEntries(Object.entries(handlers).map(([key, make]) => [key, (make as (d: typeof deps) => TaskHandler)(deps)]));
  // Requests are whole: the fraction of one a quiet minute sends the candidate carries over to the next.
  let carried = 0;
  return async (state, event) => {
    if (state.startsWith('CheckHealth')) {
      // The Bake before it: an interval of live traffic, `rpm` requests a minute split by the canary's weight.
      const { release, canary } = event as { release: { functionName: string; alias: string; candidateVersion: string }; canary: { weight: number } };
      const expected = carried + ((rpm * HEALTH_CHECK_INTERVAL_MS) / 60_000) * (canary.weight / 100);
      const served = Math.floor(expected + 1e-9);
      carried = expected - served;
      world.healthSource.recordInvocations(release, release.candidateVersion, served, world.clock.now());
      world.clock.advance(HEALTH_CHECK_INTERVAL_MS);
    }
    await before?.(state, event, world);
    return built[taskOf(state)]!(event, lambdaContext());
  };
}

export async function runRelease(synthesized: SynthesizedRelease, world: FakeWorld, options: RunOptions): Promise<RunResult> {
  const task = localTask(synthesized, world, options.before, options.rpm ?? LIVE_RPM);
  const inFlight = new Set<Promise<unknown>>();
  // As the local stage: a retry's wait passes on the fake clock.
  const retries = new RetryClock(synthesized.asl, world.clock);
  const execution = await executeRelease({
    asl: synthesized.asl,
    input: options.input,
    executionName: options.executionName ?? 'rel-1',
    startTime: world.clock.now(),
    task: (state, event) => {
      retries.beforeAttempt(state);
      const running = task(state, event).then(
        (result) => (retries.succeeded(state), result),
        (error: unknown) => {
          retries.failed(state, error);
          throw error;
        },
      );
      inFlight.add(running);
      return running.finally(() => inFlight.delete(running));
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A stopped execution leaves its Task running, as a Lambda invocation goes on after StopExecution.
  await Promise.allSettled([...inFlight]);
  return { ...execution, transitions: execution.entered.length };
}
