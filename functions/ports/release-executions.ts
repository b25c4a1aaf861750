/**
 * The release state machine's executions as an operator sees them (AWS: Step Functions; local stage: the
 * executions the stage ran). `evalgate release | status | history | abort` work through this port only, so the
 * same commands drive AWS and the local stage.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionSummary {
  readonly executionArn: string;
  /** The execution name: the release id. */
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

export interface ExecutionDetail extends ExecutionSummary {
  /** The execution input: the canonical release input. */
  readonly input: unknown;
  /** Only a SUCCEEDED execution has an output (a Fail state ends with an error and a cause). */
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/** One step of an execution's history, as much as an operator's timeline needs. Ids grow with time. */
export type ExecutionEvent =
  | { readonly kind: 'entered'; readonly id: number; readonly at: Date; readonly state: string }
  | { readonly kind: 'exited'; readonly id: number; readonly at: Date; readonly state: string; readonly output: unknown }
  | { readonly kind: 'ended'; readonly id: number; readonly at: Date; readonly status: ExecutionStatus; readonly error?: string; readonly cause?: string };

export interface ReleaseExecutions {
  /** Starts a release; the name is the release id (unique per state machine). */
  start(name: string, input: unknown): Promise<ExecutionSummary>;
  describe(executionArn: string): Promise<ExecutionDetail>;
  /** The events with an id above `afterId`, oldest first. */
  events(executionArn: string, afterId?: number): Promise<ExecutionEvent[]>;
  /** Newest first. */
  list(options: { readonly status?: 'RUNNING'; readonly limit: number }): Promise<ExecutionSummary[]>;
  /** Stops a running execution (no Catch runs: the reconciler cleans up after it). */
  stop(executionArn: string, error: string, cause: string): Promise<void>;
}
