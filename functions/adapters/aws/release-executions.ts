/**
 * The release executions on AWS Step Functions (Standard workflow), for the operator CLI: start, follow
 * (GetExecutionHistory), list, describe and stop.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ExecutionDetail, ExecutionEvent, ExecutionStatus, ExecutionSummary, ReleaseExecutions } from '../../ports/release-executions';

const ENDED: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

const parseJson = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

/** One history event as the operator's timeline sees it; undefined for events it does not show. */
export function executionEventOf(event: HistoryEvent): ExecutionEvent | undefined {
  const id = event.id ?? 0;
  const at = event.timestamp ?? new Date(0);
  const type = event.type ?? '';
  if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name) return { kind: 'entered', id, at, state: event.stateEnteredEventDetails.name };
  if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name) {
    return { kind: 'exited', id, at, state: event.stateExitedEventDetails.name, output: parseJson(event.stateExitedEventDetails.output) };
  }
  const status = ENDED[type];
  if (status === undefined) return undefined;
  const details = event.executionFailedEventDetails ?? event.executionAbortedEventDetails ?? event.executionTimedOutEventDetails;
  return {
    kind: 'ended',
    id,
    at,
    status,
    ...(details?.error === undefined ? {} : { error: details.error }),
    ...(details?.cause === undefined ? {} : { cause: details.cause }),
  };
}

/**
 * @example
 * const executions = new StepFunctionsReleaseExecutions(new SFNClient({}), 'arn:aws:states:eu-west-1:123456789012:stateMachine:release');
 * const started = await executions.start('rel-7-a1b2c3d', input);
 * for (const event of await executions.events(started.executionArn)) console.log(event);
 */
export class StepFunctionsReleaseExecutions implements ReleaseExecutions {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: unknown): Promise<ExecutionSummary> {
    const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
    return { executionArn: out.executionArn!, name, status: 'RUNNING', startDate: out.startDate ?? new Date() };
  }

  async describe(executionArn: string): Promise<ExecutionDetail> {
    const out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    return {
      executionArn,
      name: out.name ?? executionArn.split(':').at(-1)!,
      status: (out.status ?? 'RUNNING') as ExecutionStatus,
      startDate: out.startDate ?? new Date(0),
      ...(out.stopDate === undefined ? {} : { stopDate: out.stopDate }),
      input: parseJson(out.input),
      ...(out.output === undefined ? {} : { output: parseJson(out.output) }),
      ...(out.error === undefined ? {} : { error: out.error }),
      ...(out.cause === undefined ? {} : { cause: out.cause }),
    };
  }

  async events(executionArn: string, afterId = 0): Promise<ExecutionEvent[]> {
    const events: ExecutionEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      for (const raw of page.events ?? []) {
        if ((raw.id ?? 0) <= afterId) continue;
        const event = executionEventOf(raw);
        if (event) events.push(event);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async list(options: { readonly status?: 'RUNNING'; readonly limit: number }): Promise<ExecutionSummary[]> {
    const out = await this.client.send(
      new ListExecutionsCommand({ stateMachineArn: this.stateMachineArn, maxResults: options.limit, ...(options.status ? { statusFilter: options.status } : {}) }),
    );
    return (out.executions ?? []).map((e) => ({
      executionArn: e.executionArn!,
      name: e.name!,
      status: e.status as ExecutionStatus,
      startDate: e.startDate!,
      ...(e.stopDate === undefined ? {} : { stopDate: e.stopDate }),
    }));
  }

  async stop(executionArn: string, error: string, cause: string): Promise<void> {
    await this.client.send(new StopExecutionCommand({ executionArn, error, cause }));
  }
}
