/**
 * The local stage: a team's synthesized release state machine, run without AWS. Every Task is served in-process
 * by its real handler over the local adapters (state in a folder, default `.evalgate/`), each version of the
 * released function runs its own code in a worker of its own, live traffic flows through the alias during every
 * bake, and time is simulated, so a 30-minute bake takes seconds.
 */
import type { Context } from 'aws-lambda';
import { join } from 'node:path';
import { localWorld, type LocalWorld } from './services';
import { JsonFile } from './services/json-file';
import type { LocalNotification } from './services/notifier';
import { simulatedJudge } from '../../evals/engine/judge';
import { localStageLogger } from '../../functions/shared/middleware';
import { LocalAppInvoker } from './app-invoker';
import type { LocalRelease } from './assembly';
import { SimulatedClock } from './clock';
import { RetryClock } from './retry-clock';
import type { ExecutionEvent } from '../../functions/ports/release-executions';
import { executeRelease, type EventLog, type Execution } from './execute';
import { handlerKeyOf, TASK_HANDLERS } from './task-handlers';
import { LiveTraffic, type TrafficSample, type WindowTraffic } from './traffic';

export interface StageEvent {
  readonly at: Date;
  readonly state: string;
  /** Live traffic of the bake that preceded a health check. */
  readonly traffic?: WindowTraffic;
}

export interface StageOptions {
  /** Where the simulated services keep their state. */
  readonly dir: string;
  /** The release to run: the synthesized EvalGatedRelease (assembly.ts). */
  readonly release: LocalRelease;
  /** The suites and policy the eval tasks read. @default those of the release's evals layer */
  readonly evals?: { readonly suitesDir: string; readonly policyFile: string };
  /** Production requests replayed through the alias during every bake. */
  readonly traffic: readonly TrafficSample[];
  /** Live requests per simulated minute through the alias (6 a minute reach a 5% canary). @default 120 */
  readonly requestsPerMinute?: number;
  /** Variables every version runs with on top of its own (e.g. a local stand-in for a model). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly onNotify?: (notification: LocalNotification) => void;
  /** Where the stage's own lines go (scenarios narrate through it). @default nowhere */
  readonly log?: (line: string) => void;
}

export interface StageRunOptions {
  readonly input: unknown;
  readonly executionName: string;
  readonly onEvent?: (event: StageEvent) => void;
  /** Runs before a Task's handler: where a scenario injects a fault or starts a rival release. */
  readonly before?: (state: string, stage: LocalStage) => void | Promise<void>;
  /** The execution's history as an operator reads it (`evalgate release` follows it), in simulated time. */
  readonly onExecutionEvent?: (event: ExecutionEvent) => void;
  /** Stops the execution as StopExecution does; the run returns once the Task in flight has finished too. */
  readonly signal?: AbortSignal;
}

const context = (): Context =>
  ({ functionName: 'evalgate-local', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:evalgate-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 900_000 }) as Context;

/** The stage's simulated time where the last run left it (never behind the real time). */
export function stageClock(dir: string): SimulatedClock {
  const saved = new JsonFile(join(dir, 'clock.json'), { now: 0 }).read().now;
  // On a whole minute: CloudWatch's one-minute periods then line up with the health checks the same way on every
  // run, so a scenario's timeline does not depend on the second it was started at.
  return new SimulatedClock(new Date(Math.ceil(Math.max(Date.now(), saved) / 60_000) * 60_000));
}

const OUTPUT_STATES = new Set(['Task', 'Map']);

/** An aws-local-stepfunctions event as Step Functions' history would show it; the output of Tasks and Maps only. */
function executionEventOf(event: EventLog, id: number, at: Date): ExecutionEvent | undefined {
  switch (event.type) {
    case 'StateEntered':
      return { kind: 'entered', id, at, state: event.state.name };
    case 'StateExited':
      return { kind: 'exited', id, at, state: event.state.name, output: OUTPUT_STATES.has(event.state.type) ? event.state.output : undefined };
    case 'ExecutionSucceeded':
      return { kind: 'ended', id, at, status: 'SUCCEEDED' };
    case 'ExecutionFailed':
      return { kind: 'ended', id, at, status: 'FAILED', error: event.Error, ...(typeof event.Cause === 'string' ? { cause: event.Cause } : {}) };
    case 'ExecutionAborted':
      return { kind: 'ended', id, at, status: 'ABORTED' };
    case 'ExecutionTimeout':
      return { kind: 'ended', id, at, status: 'TIMED_OUT' };
    default:
      return undefined;
  }
}

export class LocalStage {
  private constructor(
    readonly world: LocalWorld,
    readonly clock: SimulatedClock,
    readonly release: LocalRelease,
    readonly evals: { readonly suitesDir: string; readonly policyFile: string },
    readonly invoker: LocalAppInvoker,
    readonly traffic: LiveTraffic,
    readonly log: (line: string) => void,
  ) {}

  /** The released function and its alias on this stage. */
  get target(): { readonly functionName: string; readonly alias: string } {
    return { functionName: this.release.target.functionName, alias: this.release.target.alias };
  }

  static open(options: StageOptions): LocalStage {
    const { release, dir } = options;
    const evals = options.evals ?? release.evals;
    if (!evals) throw new Error(`the release ${release.path} carries no suites the local stage can read (no evals layer asset): give the suites directory and policy file`);
    // Simulated time only moves forward, across runs too: metrics and locks of earlier runs stay in the past.
    const clock = stageClock(dir);
    const world = localWorld(dir, clock, release.alarmThresholds, options.onNotify ? { onNotify: options.onNotify } : {});
    let traffic: LiveTraffic | undefined;
    // A version's EMF metrics are stamped with the simulated time of the request that produced them.
    const invoker = new LocalAppInvoker(world.registry, {
      ...(options.environment ? { environment: options.environment } : {}),
      onOutput: (_version, line) => world.metrics.ingestEmf(line, traffic?.current ?? clock.now()),
    });
    traffic = new LiveTraffic(world, invoker, options.traffic, {
      functionName: release.target.functionName,
      alias: release.target.alias,
      requestsPerMinute: options.requestsPerMinute ?? 120,
    });
    return new LocalStage(world, clock, release, evals, invoker, traffic, options.log ?? (() => undefined));
  }

  /** Runs one release to its end. */
  async run(options: StageRunOptions): Promise<Execution> {
    // The timeline says what happened; the task logs (JSON lines) are for debugging: EVALGATE_LOCAL_LOGS=1.
    const logger = localStageLogger();
    const deps = {
      ...this.world,
      appInvoker: this.invoker,
      logger,
      evalShards: this.release.evalShards,
      maxReleaseMinutes: this.release.maxReleaseMinutes,
      suitesDir: this.evals.suitesDir,
      policyFile: this.evals.policyFile,
      concurrency: 8,
      extraAlarms: [],
      judge: simulatedJudge(),
    };
    const built = Object.fromEntries(Object.entries(TASK_HANDLERS).map(([key, make]) => [key, (make as (d: typeof deps) => (e: unknown, c: Context) => Promise<unknown>)(deps)]));
    let traffic: WindowTraffic | undefined;
    const inFlight = new Set<Promise<unknown>>();
    let eventId = 0;
    const retries = new RetryClock(this.release.asl, this.clock);
    const execution = await executeRelease({
      asl: this.release.asl,
      input: options.input,
      executionName: options.executionName,
      startTime: this.clock.now(),
      onState: (state) => {
        options.onEvent?.({ at: this.clock.now(), state, ...(state.startsWith('CheckHealth') && traffic ? { traffic } : {}) });
      },
      task: async (state, event) => {
        // The Bake before a health check: an interval of live traffic through the alias, in simulated time.
        if (state.startsWith('CheckHealth')) {
          traffic = await this.traffic.replay(this.clock.now(), this.release.healthCheckIntervalMs);
          this.clock.advance(this.release.healthCheckIntervalMs);
        }
        retries.beforeAttempt(state);
        await options.before?.(state, this);
        const running = built[handlerKeyOf(state)]!(event, context());
        inFlight.add(running);
        return running
          .then(
            (result) => (retries.succeeded(state), result),
            (error: unknown) => {
              retries.failed(state, error);
              throw error;
            },
          )
          .finally(() => inFlight.delete(running));
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onExecutionEvent ? { onEvent: (event: EventLog) => { const e = executionEventOf(event, ++eventId, this.clock.now()); if (e) options.onExecutionEvent!(e); } } : {}),
    });
    // A stopped execution leaves its Task running, as a Lambda invocation goes on after StopExecution.
    await Promise.allSettled([...inFlight]);
    return execution;
  }

  async close(): Promise<void> {
    new JsonFile(join(this.world.dir, 'clock.json'), { now: 0 }).update((doc) => {
      doc.now = Math.max(doc.now, this.clock.now().getTime());
    });
    this.world.metrics.flush();
    await this.invoker.close();
  }
}
