/**
 * Runs a release state machine definition on aws-local-stepfunctions with every Task state served by a local
 * function. Wait states take no real time (the caller's clock moves instead), and a Task state without a local
 * handler fails the run before it starts: nothing can fall through to AWS.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import type { Asl } from './asl';

/** One event of an execution's history (aws-local-stepfunctions does not export the type). */
export type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncIterable<infer E> ? E : never;

export type LocalTask = (state: string, event: unknown) => Promise<unknown>;

export interface ExecuteOptions {
  readonly asl: Asl;
  readonly input: unknown;
  readonly executionName: string;
  readonly startTime: Date;
  readonly task: LocalTask;
  /** Called as each state is entered, with the simulated moment it happened. */
  readonly onState?: (state: string) => void;
  /** Every event of the execution's history (states entered and exited with their output, the end). */
  readonly onEvent?: (event: EventLog) => void;
  /** Aborting stops the execution as StopExecution does: no Catch, no Finalize. */
  readonly signal?: AbortSignal;
}

export interface Execution {
  /** The Succeed or Fail state the execution ended in. */
  readonly end: string;
  readonly error?: string;
  readonly entered: readonly string[];
}

/** Every Task state, including those inside Map item processors. */
export function* taskStatesOf(states: Asl['States']): Generator<string> {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') yield name;
    const inner = (state.ItemProcessor ?? state.Iterator) as { States?: Asl['States'] } | undefined;
    if (inner?.States) yield* taskStatesOf(inner.States);
  }
}

// aws-local-stepfunctions calls Promise.withResolvers (Node 22); on Node 20 every Task would fail without it.
const promises = Promise as unknown as { withResolvers?: () => unknown };
promises.withResolvers ??= () => {
  let resolve!: (value: unknown) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

export async function executeRelease(options: ExecuteOptions): Promise<Execution> {
  const { asl } = options;
  const tasks = [...taskStatesOf(asl.States)];
  const handlers = Object.fromEntries(tasks.map((state) => [state, (event: unknown) => options.task(state, event)]));
  const waits = Object.fromEntries(Object.entries(asl.States).filter(([, s]) => s.Type === 'Wait').map(([name]) => [name, 0]));
  const retries = Object.fromEntries(tasks.map((name) => [name, 0]));
  const machine = new StateMachine(asl as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(options.input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: {
      Execution: {
        Id: `arn:aws:states:local:000000000000:execution:release:${options.executionName}`,
        Name: options.executionName,
        Input: options.input,
        StartTime: options.startTime.toISOString(),
        RoleArn: 'arn:aws:iam::000000000000:role/release',
      },
    } as never,
  });
  const entered: string[] = [];
  const abort = () => execution.abort();
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const watching = (async () => {
    for await (const event of execution.eventLogs) {
      options.onEvent?.(event);
      if (event.type !== 'StateEntered') continue;
      entered.push(event.state.name);
      options.onState?.(event.state.name);
    }
  })();
  const error = await execution.result.then(
    () => undefined,
    (e: Error) => `${e.name}: ${e.message}`,
  );
  await watching;
  options.signal?.removeEventListener('abort', abort);
  return { end: entered.at(-1) ?? '', ...(error === undefined ? {} : { error }), entered };
}
