import type * as iam from 'aws-cdk-lib/aws-iam';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { appConfigIds, readEnv, TASK_ENV } from '../../../functions/shared/env';
import { allowStatementsOf, buildRelease, idOf, type ReleaseFixture } from '../stack';

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

/** Every Allow statement of the role's policies, actions as an array. */
const statementsOf = (fixture: ReleaseFixture, roleId: string) => allowStatementsOf(fixture.json, roleId);

describe('StopReconciler (in EvalGatedRelease)', () => {
  let fixture: ReleaseFixture;
  let ids: { fn: string; role: string; queue: string; rule: string; stateMachine: string; target: string };

  beforeAll(() => {
    fixture = buildRelease();
    const { stopReconciler, stateMachine } = fixture.release;
    ids = {
      fn: idOf(fixture.stack, stopReconciler.reconciler),
      role: idOf(fixture.stack, stopReconciler.reconciler.role as iam.Role),
      queue: idOf(fixture.stack, stopReconciler.deadLetterQueue),
      rule: idOf(fixture.stack, stopReconciler.rule),
      stateMachine: idOf(fixture.stack, stateMachine),
      target: idOf(fixture.stack, fixture.target),
    };
  });

  it('sends the state machine\'s ABORTED, TIMED_OUT and FAILED status changes to the reconciler, retried, with a dead-letter queue', () => {
    expect(fixture.json.Resources[ids.rule]!.Properties).toMatchObject({
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [{ Ref: ids.stateMachine }], status: ['ABORTED', 'TIMED_OUT', 'FAILED'] },
      },
      State: 'ENABLED',
      Targets: [
        {
          Arn: arnOf(ids.fn),
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: arnOf(ids.queue) },
        },
      ],
    });
    fixture.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arnOf(ids.fn),
      Principal: 'events.amazonaws.com',
      SourceArn: arnOf(ids.rule),
    });
  });

  it('sends failed invocations to the same queue after two retries; the queue is encrypted, SSL only and open to the rule alone', () => {
    expect(fixture.json.Resources[ids.fn]!.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: arnOf(ids.queue) },
    });
    fixture.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: ids.fn }, MaximumRetryAttempts: 2 });
    fixture.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const statements = Object.values(fixture.json.Resources)
      .filter((r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify((r.Properties as any).Queues).includes(ids.queue))
      .flatMap((r) => (r.Properties as any).PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': arnOf(ids.rule) } } }),
      ]),
    );
  });

  it('alarms while a stopped release waits in the dead-letter queue, unreconciled', () => {
    fixture.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('gives the reconciler its own role with what Rollback and Finalize get, and nothing else', () => {
    const statements = statementsOf(fixture, ids.role);
    const grantsOf = (action: string) => statements.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
    const services = [...new Set(statements.flatMap((s) => s.actions.map((a) => a.split(':')[0])))].filter((s) => !['logs', 'xray'].includes(s!)).sort();

    expect(services).toEqual(['appconfig', 'cloudwatch', 'dynamodb', 'lambda', 's3', 'sns', 'sqs']);
    expect((fixture.json.Resources[ids.role]!.Properties as any).ManagedPolicyArns).toBeUndefined();
    expect(grantsOf('lambda:UpdateAlias')).toEqual([arnOf(ids.target), joined(arnOf(ids.target), ':live')]);
    expect(grantsOf('lambda:InvokeFunction')).toEqual([]);
    expect(grantsOf('cloudwatch:DeleteAlarms')).toEqual([joined('arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:evalgate-*')]);
    expect(grantsOf('cloudwatch:PutMetricAlarm')).toEqual([]);
    expect(grantsOf('s3:PutObject')).toEqual([joined(arnOf(idOf(fixture.stack, fixture.release.reportsBucket)), '/releases/*')]);
    expect(grantsOf('sqs:SendMessage')).toEqual([arnOf(ids.queue)]);
    expect(grantsOf('appconfig:StartDeployment')).toHaveLength(4);
    expect(statements.filter((s) => s.resources.includes('*')).flatMap((s) => s.actions).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('gives the reconciler Finalize\'s environment, which its cold start parses', () => {
    // Act: what the function sees at cold start, CloudFormation references resolved to plain strings.
    const envOf = (id: string) => (fixture.json.Resources[id]!.Properties as any).Environment.Variables as Record<string, unknown>;
    const { POWERTOOLS_SERVICE_NAME, ...env } = envOf(ids.fn);
    const { POWERTOOLS_SERVICE_NAME: _finalizeService, ...finalizeEnv } = envOf(idOf(fixture.stack, fixture.release.taskFunctions.finalize));
    const deployed = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, typeof value === 'string' ? value : `resolved-${key}`]));

    // Assess
    expect(POWERTOOLS_SERVICE_NAME).toBe('evalgate-reconcile');
    expect(env).toEqual(finalizeEnv);
    expect(appConfigIds(readEnv(TASK_ENV.finalize, deployed))).toBeDefined();
  });

  it('grants no pin changes with modelPins: false', () => {
    // Act
    const withoutPins = buildRelease({ modelPins: false });

    // Assess
    const role = idOf(withoutPins.stack, withoutPins.release.stopReconciler.reconciler.role as iam.Role);
    const actions = statementsOf(withoutPins, role).flatMap((s) => s.actions);
    expect(actions.filter((action) => action.startsWith('appconfig:'))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['lambda:UpdateAlias', 'sns:Publish']));
    withoutPins.template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.states'] }) });
  });
});
