import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsReleaseExecutions } from '../../../../functions/adapters/aws/release-executions';

const sfn = mockSdkClient(SFNClient);
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:release';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:release:rel-7';
const executions = () => new StepFunctionsReleaseExecutions(new SFNClient({}), MACHINE);
const at = new Date('2026-11-26T10:00:00Z');

describe('StepFunctionsReleaseExecutions', () => {
  beforeEach(() => sfn.reset());

  it('starts an execution named after the release with the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: at });
    const input = { target: { functionName: 'assistant' }, candidate: { version: '7' }, change: { source: 'manual' } };

    const started = await executions().start('rel-7', input);

    expect(started).toEqual({ executionArn: EXECUTION, name: 'rel-7', status: 'RUNNING', startDate: at });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: MACHINE, name: 'rel-7', input: JSON.stringify(input) });
  });

  it('describes an execution with its input and error parsed', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION, name: 'rel-7', status: 'FAILED', startDate: at, stopDate: at, input: '{"a":1}', error: 'GateBlocked', cause: 'the eval gate did not pass', stateMachineArn: MACHINE });

    const detail = await executions().describe(EXECUTION);

    expect(detail).toEqual({ executionArn: EXECUTION, name: 'rel-7', status: 'FAILED', startDate: at, stopDate: at, input: { a: 1 }, error: 'GateBlocked', cause: 'the eval gate did not pass' });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: EXECUTION });
  });

  it('reads the history across pages, keeping entered/exited states and the end, after the given id', async () => {
    sfn
      .on(GetExecutionHistoryCommand, { executionArn: EXECUTION, maxResults: 1000 })
      .resolves({
        events: [
          { id: 1, timestamp: at, type: 'ExecutionStarted' },
          { id: 2, timestamp: at, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Prepare' } },
          { id: 3, timestamp: at, type: 'LambdaFunctionScheduled' },
          { id: 4, timestamp: at, type: 'TaskStateExited', stateExitedEventDetails: { name: 'Prepare', output: '{"release":{"candidateVersion":"7"}}' } },
        ],
        nextToken: 'page-2',
      })
      .on(GetExecutionHistoryCommand, { executionArn: EXECUTION, maxResults: 1000, nextToken: 'page-2' })
      .resolves({ events: [{ id: 5, timestamp: at, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'GateBlocked', cause: 'blocked' } }] });

    const events = await executions().events(EXECUTION, 2);

    expect(events).toEqual([
      { kind: 'exited', id: 4, at, state: 'Prepare', output: { release: { candidateVersion: '7' } } },
      { kind: 'ended', id: 5, at, status: 'FAILED', error: 'GateBlocked', cause: 'blocked' },
    ]);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input)).toEqual([
      { executionArn: EXECUTION, maxResults: 1000 },
      { executionArn: EXECUTION, maxResults: 1000, nextToken: 'page-2' },
    ]);
  });

  it('maps an aborted execution to an ended event with its cause', async () => {
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [{ id: 9, timestamp: at, type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Evalgate.Aborted', cause: 'by alice' } }] });
    expect(await executions().events(EXECUTION)).toEqual([{ kind: 'ended', id: 9, at, status: 'ABORTED', error: 'Evalgate.Aborted', cause: 'by alice' }]);
  });

  it('lists running executions of its state machine', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: EXECUTION, stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at }] });

    const listed = await executions().list({ status: 'RUNNING', limit: 20 });

    expect(listed).toEqual([{ executionArn: EXECUTION, name: 'rel-7', status: 'RUNNING', startDate: at }]);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input).toEqual({ stateMachineArn: MACHINE, maxResults: 20, statusFilter: 'RUNNING' });
  });

  it('stops an execution with an error and a cause', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: at });
    await executions().stop(EXECUTION, 'Evalgate.Aborted', 'aborted by alice: bad answers');
    expect(sfn.commandCalls(StopExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: EXECUTION, error: 'Evalgate.Aborted', cause: 'aborted by alice: bad answers' });
  });
});
