/**
 * Runs the SYNTHESIZED release state machine on aws-local-stepfunctions with every Task served in-process by its
 * real handler (makeHandler) over the fake world. Waits take no real time: each Bake advances the fake clock by
 * the health-check interval, so a 30-minute bake is thirty quick iterations, as on AWS.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import type { Context } from 'aws-lambda';
import { createReleaseLogger } from '../../functions/shared/middleware';
import type { EvalShard } from '../../functions/release/state';
import type { Asl } from '../../lib/local-stage/asl';
import { fakeWorld, type AppBehaviour, type FakeWorld } from './fakes';
import { importHandler, lambdaContext } from './fakes/lambda';
import { aslOf, buildRelease } from '../lib/stack';

type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlers = await importHandler(async () => ({
  prepare: (await import('../../functions/prepare/handler')).makeHandler,
  checkUnitTests: (await import('../../functions/check-unit-tests/handler')).makeHandler,
  runEvalShard: (await import('../../functions/run-eval-shard/handler')).makeHandler,
  decideGate: (await import('../../functions/decide-gate/handler')).makeHandler,
  shiftTraffic: (await import('../../functions/shift-traffic/handler')).makeHandler,
  checkHealth: (await import('../../functions/check-health/handler')).makeHandler,
  promote: (await import('../../functions/promote/handler')).makeHandler,
  rollback: (await import('../../functions/rollback/handler')).makeHandler,
  finalize: (await import('../../functions/finalize/handler')).makeHandler,
}));

export const SUITES_DIR = 'test/fixtures/suites';
export const HEALTH_CHECK_INTERVAL_MS = 60_000;

/** The synthesized machine and what the construct computed at synth time (the eval shards). */
export interface SynthesizedRelease {
  readonly asl: Asl;
  readonly evalShards: readonly EvalShard[];
}

/** Synthesizes EvalGatedRelease (default canary steps) against the fixture suites; do it once per test file. */
export function synthesizeRelease(): SynthesizedRelease {
  const { json } = buildRelease({ suitesDir: SUITES_DIR, evalShardSize: 2 });
  const prepare = Object.values(json.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && (r.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.EVALGATE_EVAL_SHARDS,
  );
  const variables = (prepare!.Properties!.Environment as { Variables: Record<string, string> }).Variables;
  return { asl: aslOf(json), evalShards: JSON.parse(variables.EVALGATE_EVAL_SHARDS!) as EvalShard[] };
}

/** A hook run before a Task state's handler: the place to set an alarm, start a rival release or inject a fault. */
export type BeforeTask = (state: string, event: unknown, world: FakeWorld) => void | Promise<void>;

export interface RunOptions {
  /** The execution input (JSON). */
  readonly input: unknown;
  readonly executionName?: string;
  readonly before?: BeforeTask;
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

export const taskOf = (state: string): keyof typeof handlers => {
  if (state.startsWith('Finalize')) return 'finalize';
  const name = state.replace(/\d+$/, '');
  const key = (name.charAt(0).toLowerCase() + name.slice(1)) as keyof typeof handlers;
  if (!(key in handlers)) throw new Error(`no handler for Task state ${state}`);
  return key;
};

/** Builds every Task's handler over `world`; a Task state without one fails the run (never real AWS). */
function localHandlers(asl: Asl, synthesized: SynthesizedRelease, world: FakeWorld, before?: BeforeTask): Record<string, (event: unknown) => Promise<unknown>> {
  const logger = createReleaseLogger();
  const deps = {
    ...world,
    logger,
    evalShards: synthesized.evalShards,
    maxReleaseMinutes: 360,
    suitesDir: SUITES_DIR,
    policyFile: 'evals/policy.yaml',
    concurrency: 4,
    extraAlarms: [],
  };
  const built = Object.fromEntries(Object.entries(handlers).map(([key, make]) => [key, (make as (d: typeof deps) => TaskHandler)(deps)]));
  const taskStates = [...taskStatesOf(asl.States)];
  return Object.fromEntries(
    taskStates.map((state) => [
      state,
      async (event: unknown) => {
        // The Bake before a CheckHealth is the health-check interval of simulated time.
        if (state.startsWith('CheckHealth')) world.clock.advance(HEALTH_CHECK_INTERVAL_MS);
        await before?.(state, event, world);
        return built[taskOf(state)]!(event, lambdaContext());
      },
    ]),
  );
}

/** Every Task state, including those inside Map iterators. */
export function* taskStatesOf(states: Asl['States']): Generator<string> {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') yield name;
    const inner = (state.ItemProcessor ?? state.Iterator) as { States?: Asl['States'] } | undefined;
    if (inner?.States) yield* taskStatesOf(inner.States);
  }
}

export async function runRelease(synthesized: SynthesizedRelease, world: FakeWorld, options: RunOptions): Promise<RunResult> {
  const { asl } = synthesized;
  const executionName = options.executionName ?? 'rel-1';
  const taskHandlers = localHandlers(asl, synthesized, world, options.before);
  const waits = Object.fromEntries(Object.entries(asl.States).filter(([, s]) => s.Type === 'Wait').map(([name]) => [name, 0]));
  const retries = Object.fromEntries(Object.keys(taskHandlers).map((name) => [name, 0]));
  const machine = new StateMachine(asl as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(options.input as never, {
    overrides: { taskResourceLocalHandlers: taskHandlers as never, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: {
      Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:release:${executionName}`, Name: executionName, Input: options.input, StartTime: world.clock.now().toISOString(), RoleArn: 'arn:aws:iam::123456789012:role/release' },
    } as never,
  });
  const error = await execution.result.then(
    () => undefined,
    (e: Error) => `${e.name}: ${e.message}`,
  );
  const entered: string[] = [];
  for await (const event of execution.eventLogs) if (event.type === 'StateEntered') entered.push(event.state.name);
  return { end: entered.at(-1)!, ...(error === undefined ? {} : { error }), entered, transitions: entered.length };
}
