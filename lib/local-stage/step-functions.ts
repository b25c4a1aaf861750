/**
 * The local stage's Step Functions: executions of the release state machine that the stage runs in this process,
 * kept in `executions.json` (one line of history per event in `executions/<name>.jsonl`) so that `evalgate status`,
 * `history` and `abort --local` in another terminal see them as they would on AWS.
 *
 * StopExecution works as on AWS: the execution stops where it is (no Catch, no Finalize) and its "status change"
 * goes to the reconciler, which the `onStopped` hook stands in for (on AWS an EventBridge rule). A stop asked from
 * another process is written into the execution's entry; the process running it notices at the next state.
 * If that process is gone, the stop is carried out (and reconciled) by the one asking.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonFile } from './services/json-file';
import type { ExecutionDetail, ExecutionEvent, ExecutionStatus, ExecutionSummary, ReleaseExecutions } from '../../functions/ports/release-executions';
import type { Clock } from '../../functions/ports/clock';
import type { LocalStage } from './stage';

export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:evalgate-release';
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

interface StoredExecution {
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: unknown;
  error?: string;
  cause?: string;
  /** The process running it: a stop asked elsewhere is carried out there while it lives. */
  pid: number;
  stopRequest?: { error: string; cause: string };
}

interface ExecutionsDocument {
  executions: StoredExecution[];
}

type StoredEvent = Omit<ExecutionEvent, 'at'> & { at: string };

/** A named failure as Step Functions returns it (ExecutionAlreadyExists, ExecutionDoesNotExist, InvalidName). */
export class LocalStepFunctionsError extends Error {
  constructor(
    override readonly name: 'ExecutionAlreadyExists' | 'ExecutionDoesNotExist' | 'InvalidName',
    message: string,
  ) {
    super(message);
  }
}

export interface LocalStepFunctionsOptions {
  /** Runs the executions this process starts; without one (a read-only view), start() is refused. */
  readonly runner?: Pick<LocalStage, 'run'>;
  /** The reconciler: called with a stopped execution after its Task in flight has finished. */
  readonly onStopped?: (execution: ExecutionDetail) => Promise<void>;
}

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * @example
 * const sfn = new LocalStepFunctions(stage.world.dir, stage.clock, { runner: stage, onStopped: reconcile });
 * const { executionArn } = await sfn.start('rel-2', input);
 * await sfn.settled(executionArn); // the release has ended
 */
export class LocalStepFunctions implements ReleaseExecutions {
  private readonly index: JsonFile<ExecutionsDocument>;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly options: LocalStepFunctionsOptions = {},
  ) {
    this.index = new JsonFile(join(dir, 'executions.json'), { executions: [] }, { cache: false });
  }

  static arnOf(name: string): string {
    return `${LOCAL_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async start(name: string, input: unknown): Promise<ExecutionSummary> {
    if (!NAME.test(name)) throw new LocalStepFunctionsError('InvalidName', `execution name '${name}' must be 1-80 letters, digits, - or _`);
    this.runner();
    const executionArn = LocalStepFunctions.arnOf(name);
    const existing = this.find(executionArn);
    if (existing) {
      // StartExecution is idempotent for the same name and input; another input under that name is refused.
      if (JSON.stringify(existing.input) === JSON.stringify(input)) return summaryOf(existing);
      throw new LocalStepFunctionsError('ExecutionAlreadyExists', `execution ${name} already exists with another input`);
    }
    const stored: StoredExecution = { executionArn, name, status: 'RUNNING', startDate: this.clock.now().toISOString(), input, pid: process.pid };
    this.ensureHistoryFolder();
    this.index.update((doc) => void doc.executions.push(stored));
    const controller = new AbortController();
    const done = this.execute(stored, controller).finally(() => this.running.delete(executionArn));
    this.running.set(executionArn, { controller, done });
    return summaryOf(stored);
  }

  /** Whether a RUNNING execution's process is gone (killed): nothing moves it on; a stop reconciles it. */
  orphaned(executionArn: string): boolean {
    const stored = this.find(executionArn);
    return stored?.status === 'RUNNING' && !this.running.has(executionArn) && !alive(stored.pid);
  }

  /** Resolves when an execution this process runs has ended, and been reconciled if it was stopped. */
  async settled(executionArn: string): Promise<void> {
    await this.running.get(executionArn)?.done;
  }

  async describe(executionArn: string): Promise<ExecutionDetail> {
    const stored = this.find(executionArn);
    if (!stored) throw new LocalStepFunctionsError('ExecutionDoesNotExist', `execution ${executionArn} does not exist`);
    return {
      ...summaryOf(stored),
      input: stored.input,
      ...(stored.error === undefined ? {} : { error: stored.error }),
      ...(stored.cause === undefined ? {} : { cause: stored.cause }),
    };
  }

  async events(executionArn: string, afterId = 0): Promise<ExecutionEvent[]> {
    const file = this.eventsFile(executionArn.split(':').at(-1)!);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as StoredEvent)
      .filter((event) => event.id > afterId)
      .map((event) => ({ ...event, at: new Date(event.at) }) as ExecutionEvent);
  }

  async list(options: { readonly status?: 'RUNNING'; readonly limit: number }): Promise<ExecutionSummary[]> {
    return this.index
      .read()
      .executions.filter((e) => options.status === undefined || e.status === options.status)
      .reverse()
      .slice(0, options.limit)
      .map(summaryOf);
  }

  async stop(executionArn: string, error: string, cause: string): Promise<void> {
    const stored = this.find(executionArn);
    if (!stored) throw new LocalStepFunctionsError('ExecutionDoesNotExist', `execution ${executionArn} does not exist`);
    if (stored.status !== 'RUNNING') return;
    this.update(executionArn, (e) => void (e.stopRequest = { error, cause }));
    const own = this.running.get(executionArn);
    if (own) {
      own.controller.abort();
      await own.done;
      return;
    }
    // Another process runs it: it stops at its next state. If that process is gone, nobody else will.
    if (alive(stored.pid)) return;
    this.ensureHistoryFolder();
    const at = this.clock.now();
    this.appendEvent(stored.name, { kind: 'ended', id: this.lastEventId(stored.name) + 1, at, status: 'ABORTED', error, cause });
    this.update(executionArn, (e) => Object.assign(e, { status: 'ABORTED', stopDate: at.toISOString(), error, cause }));
    await this.options.onStopped?.(await this.describe(executionArn));
  }

  private async execute(stored: StoredExecution, controller: AbortController): Promise<void> {
    let ended: Extract<ExecutionEvent, { kind: 'ended' }> | undefined;
    let lastId = 0;
    await this.runner().run({
      input: stored.input,
      executionName: stored.name,
      signal: controller.signal,
      onExecutionEvent: (event) => {
        lastId = event.id;
        if (event.kind === 'ended') {
          ended = event;
          if (event.status === 'ABORTED') return; // written below, with the stop's error and cause
        }
        this.appendEvent(stored.name, event);
        if (event.kind === 'entered' && this.find(stored.executionArn)?.stopRequest) controller.abort();
      },
    });
    const at = this.clock.now();
    const stop = this.find(stored.executionArn)?.stopRequest;
    if (controller.signal.aborted || ended?.status === 'ABORTED') {
      const error = stop?.error ?? 'Evalgate.Aborted';
      const cause = stop?.cause ?? 'stopped';
      this.appendEvent(stored.name, { kind: 'ended', id: lastId + 1, at, status: 'ABORTED', error, cause });
      this.update(stored.executionArn, (e) => Object.assign(e, { status: 'ABORTED', stopDate: at.toISOString(), error, cause }));
      await this.options.onStopped?.(await this.describe(stored.executionArn));
      return;
    }
    const status = ended?.status ?? 'FAILED';
    this.update(stored.executionArn, (e) =>
      Object.assign(e, { status, stopDate: at.toISOString() }, ended?.error === undefined ? {} : { error: ended.error }, ended?.cause === undefined ? {} : { cause: ended.cause }),
    );
  }

  private runner(): Pick<LocalStage, 'run'> {
    if (!this.options.runner) throw new Error('this view of the local executions cannot start any (no stage to run them)');
    return this.options.runner;
  }

  private find(executionArn: string): StoredExecution | undefined {
    return this.index.read().executions.find((e) => e.executionArn === executionArn);
  }

  private update(executionArn: string, change: (execution: StoredExecution) => void): void {
    this.index.update((doc) => {
      const execution = doc.executions.find((e) => e.executionArn === executionArn);
      if (execution) change(execution);
    });
  }

  private eventsFile(name: string): string {
    return join(this.dir, 'executions', `${name}.jsonl`);
  }

  /** appendFileSync creates an execution's history file, but not its folder: once per execution, not per event. */
  private ensureHistoryFolder(): void {
    mkdirSync(join(this.dir, 'executions'), { recursive: true });
  }

  private appendEvent(name: string, event: ExecutionEvent): void {
    appendFileSync(this.eventsFile(name), `${JSON.stringify({ ...event, at: event.at.toISOString() })}\n`);
  }

  private lastEventId(name: string): number {
    const file = this.eventsFile(name);
    if (!existsSync(file)) return 0;
    const last = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1);
    return last ? (JSON.parse(last) as StoredEvent).id : 0;
  }
}

/**
 * The "Step Functions Execution Status Change" event EventBridge would deliver for an execution, as the
 * reconciler's rule receives it (absent fields are null, dates are epoch milliseconds, input a JSON string).
 *
 * @example
 * await reconcileHandler(statusChangeEvent(await sfn.describe(arn), new Date()), context);
 */
export function statusChangeEvent(execution: ExecutionDetail, at: Date) {
  return {
    version: '0',
    id: `local-${execution.name}-${execution.status}`,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: LOCAL_STATE_MACHINE_ARN,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: JSON.stringify(execution.input),
      output: null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}

function summaryOf(e: StoredExecution): ExecutionSummary {
  return { executionArn: e.executionArn, name: e.name, status: e.status, startDate: new Date(e.startDate), ...(e.stopDate === undefined ? {} : { stopDate: new Date(e.stopDate) }) };
}
