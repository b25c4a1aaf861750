/**
 * The operator commands against AWS, with the SDK mocked (aws-sdk-client-mock): the pipeline is found in the CDK
 * outputs file, and each command sends exactly the Step Functions, Lambda and DynamoDB calls it should.
 */
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, StopExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockSdkClient } from '../../helpers/sdk-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';

const sfn = mockSdkClient(SFNClient);
const lambda = mockSdkClient(LambdaClient);
const dynamo = mockSdkClient(DynamoDBDocumentClient);

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ReleaseStateMachine1A2B';
const arnOf = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:ReleaseStateMachine1A2B:${name}`;
const deployment = { evalgate: 1, stateMachineArn: MACHINE, tableName: 'EvalgateDemo-ReleaseTable', functionName: 'lumen-assist', alias: 'live' };
const cwd = mkdtempSync(join(tmpdir(), 'evalgate-aws-'));
writeFileSync(join(cwd, 'cdk-outputs.json'), JSON.stringify({ EvalgateDemo: { SourceBucketName: 'b', ReleaseEvalgateReleaseABCD1234: JSON.stringify(deployment) } }));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const at = new Date('2026-11-26T10:00:00Z');
const input = { target: { functionName: 'lumen-assist', alias: 'live' }, candidate: { version: '7' }, change: { source: 'manual', commit: 'a1b2c3d' } };
const release = { releaseId: 'rel-7', functionName: 'lumen-assist', alias: 'live', stableVersion: '6', candidateVersion: '7', change: { source: 'manual', kind: 'prompt', commit: 'a1b2c3d' } };
const entered = (id: number, name: string): HistoryEvent => ({ id, timestamp: at, type: 'TaskStateEntered', stateEnteredEventDetails: { name } });
const exited = (id: number, name: string, output: unknown): HistoryEvent => ({ id, timestamp: at, type: 'TaskStateExited', stateExitedEventDetails: { name, output: JSON.stringify(output) } });

describe('evalgate operator commands on AWS (SDK mocked)', () => {
  beforeEach(() => {
    sfn.reset();
    lambda.reset();
    dynamo.reset();
  });

  it('release starts the execution the outputs file names and follows its history to promotion', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: arnOf('rel-7'), startDate: at });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        { id: 1, timestamp: at, type: 'ExecutionStarted' },
        entered(2, 'Prepare'),
        exited(3, 'Prepare', { release }),
        entered(4, 'ShiftTraffic5'),
        exited(5, 'ShiftTraffic5', { release, canary: { step: 0, weight: 5, shiftedAt: at.toISOString() } }),
        exited(6, 'CheckHealth5', { release, health: { verdict: 'healthy', bakeComplete: true, reasons: [], checkedAt: at.toISOString() } }),
        exited(7, 'Promote', { release, promotion: { version: '7', promotedAt: at.toISOString() } }),
        { id: 8, timestamp: at, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
      ],
    });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '7' });

    const result = await runCli(['release', '--function', 'lumen-assist', '--version', '7', '--commit', 'a1b2c3d', '--name', 'rel-7'], cwd);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: MACHINE, name: 'rel-7', input: JSON.stringify(input) });
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0]!.args[0].input).toEqual({ executionArn: arnOf('rel-7'), maxResults: 1000 });
    expect(lambda.commandCalls(GetAliasCommand)[0]!.args[0].input).toEqual({ FunctionName: 'lumen-assist', Name: 'live' });
    expect(result.stdout).toMatch(/release rel-7: lumen-assist:live version 6 -> 7, prompt change from manual \(commit a1b2c3d\)/);
    expect(result.stdout).toMatch(/canary: 5% of live traffic to version 7/);
    expect(result.stdout).toMatch(/health at 5%: healthy over 1 check\(s\), bake complete/);
    expect(result.stdout).toMatch(/=> promoted; alias live at 100% on version 7\n$/);
  });

  it.each([
    ['GateBlocked', 1, 'blocked'],
    ['RolledBack', 1, 'rolled-back'],
    ['ReleaseRefused', 2, 'refused'],
    ['RollbackFailed', 3, 'rollback-failed'],
  ])('release exits by how it ended: %s -> %i', async (error, code, outcome) => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: arnOf('rel-7'), startDate: at });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [{ id: 9, timestamp: at, type: 'ExecutionFailed', executionFailedEventDetails: { error, cause: 'x' } }] });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
    const result = await runCli(['release', '--function', 'lumen-assist', '--version', '7', '--name', 'rel-7'], cwd);
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(`=> ${outcome}; alias live at 100% on version 6`);
  });

  it('status lists the release in flight with its state and canary weight, and the last records', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at }] });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at, input: JSON.stringify(input) });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [exited(3, 'Prepare', { release }), exited(5, 'ShiftTraffic25', { canary: { step: 1, weight: 25 } }), entered(6, 'Bake25')] });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '7': 0.25 } } });
    dynamo.on(QueryCommand).resolves({ Items: [{ record: { releaseId: 'rel-6', functionName: 'lumen-assist', alias: 'live', outcome: 'promoted', reasons: [], input, release: { ...release, releaseId: 'rel-6', stableVersion: '5', candidateVersion: '6' }, startedAt: at.toISOString(), endedAt: at.toISOString(), durationMs: 3_720_000 } }] });

    const result = await runCli(['status'], cwd);

    expect(result.code).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input).toEqual({ stateMachineArn: MACHINE, maxResults: 50, statusFilter: 'RUNNING' });
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'EvalgateDemo-ReleaseTable',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'RELEASE#lumen-assist#live' },
      ScanIndexForward: false,
      Limit: 3,
    });
    expect(result.stdout).toMatch(/lumen-assist:live {2}alias live: 75% on version 6, 25% on version 7 \(split\)/);
    expect(result.stdout).toMatch(/in flight: rel-7, started 2026-11-26 10:00, now at Bake25, canary at 25%; version 6 -> 7, prompt change from manual/);
    expect(result.stdout).toMatch(/promoted +5 -> 6 +prompt\/manual +62m00s +rel-6/);
  });

  it('abort stops the execution with who and why, waits for the reconciler record and verifies the alias', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at }] });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at, input: JSON.stringify(input) })
      .resolves({ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'ABORTED', startDate: at, input: JSON.stringify(input) });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [exited(3, 'Prepare', { release }), entered(4, 'ShiftTraffic5'), exited(5, 'ShiftTraffic5', { canary: { step: 0, weight: 5 } })] });
    sfn.on(StopExecutionCommand).resolves({ stopDate: at });
    dynamo.on(QueryCommand).resolves({ Items: [{ record: { releaseId: 'rel-7', functionName: 'lumen-assist', alias: 'live', outcome: 'aborted', reasons: ['Evalgate.Aborted: aborted by alice: bad answers', 'alias live back at 100% on version 6'], input, release, endedAt: at.toISOString() } }] });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });

    const result = await runCli(['abort', '--reason', 'bad answers'], cwd, { EVALGATE_OPERATOR: 'alice' });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: arnOf('rel-7'), error: 'Evalgate.Aborted', cause: 'aborted by alice: bad answers' });
    expect(result.stdout).toMatch(/stopping rel-7 on lumen-assist:live \(at ShiftTraffic5, canary 5%\): aborted by alice: bad answers/);
    expect(result.stdout).toMatch(/=> aborted: rel-7 stopped and rolled back, verified: alias live at 100% on version 6/);
  });

  it('abort says the alias is not verified (exit 3) when it is still split after the record', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'RUNNING', startDate: at }] });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: arnOf('rel-7'), stateMachineArn: MACHINE, name: 'rel-7', status: 'ABORTED', startDate: at, input: JSON.stringify(input) });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    sfn.on(StopExecutionCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [{ record: { releaseId: 'rel-7', functionName: 'lumen-assist', alias: 'live', outcome: 'aborted', reasons: [], input, release, endedAt: at.toISOString() } }] });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '7': 0.05 } } });

    const result = await runCli(['abort'], cwd, { EVALGATE_OPERATOR: 'alice' });

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/NOT verified: alias live: 95% on version 6, 5% on version 7 \(split\), expected 100% on version 6/);
  });

  it('says how to get the outputs file when there is none, and which pipelines one holds', async () => {
    const missing = await runCli(['status', '--outputs', 'nowhere.json'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere.json not found: deploy with 'npx cdk deploy --outputs-file nowhere.json'/);
    const other = await runCli(['release', '--function', 'billing', '--version', '3'], cwd);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/no evalgate pipeline releases function 'billing'; the outputs name: lumen-assist/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});
