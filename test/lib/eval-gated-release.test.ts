import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_PINS_JSON_SCHEMA } from '../../functions/release/pins-document';
import { appConfigIds, readEnv, TASK_ENV } from '../../functions/shared/env';
import type { EvalGatedReleaseProps } from '../../lib/eval-gated-release-props';
import { computeEvalShards } from '../../lib/private/eval-shards';
import { TASK_NAMES, type TaskName } from '../../lib/private/release-state-machine';
import { deploymentSchema } from '../../bin/cli/operator/deployment';
import { resolveIntrinsic } from '../../lib/local-stage/asl';
import { decidePinsTrigger, pinsDeploymentEvent } from '../../functions/release/pins-trigger';
import { FakePinStore } from '../helpers/fakes';
import { allowStatementsOf, aslOf, buildRelease, idOf, logicalIdOf, RELEASE_DEFAULTS, skipBundling, type ReleaseFixture } from './stack';
import { EvalGatedRelease } from '../../lib/eval-gated-release';

/** Every Allow statement of the role's policies, actions as an array. */
const statementsOf = (fixture: ReleaseFixture, roleId: string) => allowStatementsOf(fixture.json, roleId);

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

describe('EvalGatedRelease', () => {
  let fixture: ReleaseFixture;
  let targetId: string;
  let roleOf: (task: TaskName) => string;
  let envOf: (task: TaskName) => Record<string, unknown>;
  let alarm: cloudwatch.Alarm;

  beforeAll(() => {
    // Arrange
    fixture = buildRelease((stack) => {
      alarm = new cloudwatch.Alarm(stack, 'AppErrors', {
        metric: new cloudwatch.Metric({ namespace: 'App', metricName: 'Errors' }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      return { alarms: [alarm] };
    });
    targetId = idOf(fixture.stack, fixture.target);
    roleOf = (task) => idOf(fixture.stack, fixture.release.taskFunctions[task].role as iam.Role);
    envOf = (task) => (fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions[task])]!.Properties as any).Environment?.Variables ?? {};
  });

  describe('resources', () => {
    it('writes the stack output the operator CLI reads: one JSON document naming the machine, table, target and pins', () => {
      const outputs = Object.values((fixture.json as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {});
      const machineId = logicalIdOf(fixture.json, 'AWS::StepFunctions::StateMachine');
      const resolveRef = (id: string, attribute?: string) =>
        id === machineId ? `arn:aws:states:eu-west-1:123456789012:stateMachine:${id}` : attribute === undefined ? id : `${id}.${attribute}`;
      const documents = outputs.map((o) => resolveIntrinsic(o.Value, resolveRef)).filter((v) => v.includes('"evalgate"'));

      expect(documents).toHaveLength(1);
      expect(deploymentSchema.parse(JSON.parse(documents[0]!))).toEqual({
        evalgate: 1,
        stateMachineArn: `arn:aws:states:eu-west-1:123456789012:stateMachine:${machineId}`,
        tableName: idOf(fixture.stack, fixture.release.table),
        functionName: targetId,
        alias: 'live',
        appConfig: {
          applicationId: idOf(fixture.stack, fixture.release.modelPins!.application),
          environmentId: idOf(fixture.stack, fixture.release.modelPins!.environment),
          configurationProfileId: expect.stringMatching(/Pins/),
          deploymentStrategyId: idOf(fixture.stack, fixture.release.modelPins!.deploymentStrategy),
        },
      });
    });

    it('creates the release table: pk/sk strings, ttl, on demand, point-in-time recovery, encrypted, retained', () => {
      fixture.template.hasResource('AWS::DynamoDB::Table', {
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
        },
        DeletionPolicy: 'Retain',
      });
    });

    it('creates the reports bucket: encrypted, private, versioned, SSL only, with a lifecycle', () => {
      fixture.template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' })] },
      });
      fixture.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    });

    it('creates a KMS-encrypted notification topic that refuses publishing without SSL', () => {
      fixture.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':alias/aws/sns'])] }) });
      fixture.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    });

    it('creates one Node.js 22 function per task, running its prebuilt bundle, traced, with its own role and log group', () => {
      const roles = new Set<string>();
      const assets = new Set<string>();
      for (const task of TASK_NAMES) {
        const fn = fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions[task])]!.Properties as any;
        expect(fn, task).toMatchObject({ Runtime: 'nodejs22.x', Handler: `${task}.handler`, TracingConfig: { Mode: 'Active' }, Architectures: ['arm64'] });
        assets.add(JSON.stringify(fn.Code));
        expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringContaining(`Logs`) });
        roles.add(roleOf(task));
      }
      expect(roles.size).toBe(TASK_NAMES.length);
      // One code asset for every task: the prebuilt folder, uploaded once.
      expect(assets.size).toBe(1);
      const memory = (task: TaskName) => (fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions[task])]!.Properties as any).MemorySize;
      expect(memory('run-eval-shard')).toBeGreaterThan(memory('shift-traffic'));
      // No managed policies: each role only has what task-permissions.ts grants it.
      for (const task of TASK_NAMES) expect((fixture.json.Resources[roleOf(task)]!.Properties as any).ManagedPolicyArns, task).toBeUndefined();
    });

    it('sets the release environment on the target: the initial pins, their configuration version and the live checks', () => {
      const env = (fixture.json.Resources[idOf(fixture.stack, fixture.target)]!.Properties as any).Environment.Variables;
      const pinsVersion = logicalIdOf(fixture.json, 'AWS::AppConfig::HostedConfigurationVersion');
      expect(env).toMatchObject({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PINS_VERSION: { Ref: pinsVersion } });
      expect(env).not.toHaveProperty('EVALGATE_FALLBACK_MODEL_ID');
      // Only the checks every case carries without liveCheckTasks: the canary-token and escalation-code leaks.
      expect(JSON.parse(env.EVALGATE_LIVE_CHECKS)).toEqual({ all: [{ type: 'not-icontains', value: 'LUMEN-CANARY-7f3a9c' }, { type: 'not-icontains', value: 'ESC-7731' }], byTag: {} });
    });

    it('creates a Standard state machine that logs ALL without execution data and is traced', () => {
      fixture.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('logs under /aws/vendedlogs/states/, which keeps the log group out of the account-wide CloudWatch Logs resource policy', () => {
      const machine = Object.values(fixture.template.findResources('AWS::StepFunctions::StateMachine'))[0]!;
      const logGroupId = machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      const name = (fixture.json.Resources[logGroupId]!.Properties as { LogGroupName: unknown }).LogGroupName;
      // The stack name, then the construct path and its hash: unique per account and Region.
      expect(name).toMatch(/^\/aws\/vendedlogs\/states\/Test-Test-Release-[0-9A-F]{8}$/);
      expect(String(name).length).toBeLessThanOrEqual(512);
    });

    it('times a release out after 6 hours by default; the lock outlives that by the reconciler\'s delivery window', () => {
      expect(aslOf(fixture.json).TimeoutSeconds).toBe(6 * 3600);
      expect(envOf('prepare').EVALGATE_MAX_RELEASE_MINUTES).toBe('360');
    });

    it('retains the version the live alias starts on, which each deploy with new code would otherwise delete', () => {
      const version = fixture.json.Resources[idOf(fixture.stack, fixture.target.currentVersion as lambda.Version)]!;
      expect(version).toMatchObject({ Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('creates the live alias once through a custom resource, never as an AWS::Lambda::Alias and never on update', () => {
      fixture.template.resourceCountIs('AWS::Lambda::Alias', 0);
      const alias = fixture.json.Resources[logicalIdOf(fixture.json, 'Custom::EvalgateLiveAlias')]!.Properties as any;
      const create = JSON.stringify(alias.Create);
      expect(create).toContain('\\"action\\":\\"CreateAlias\\"');
      expect(create).toContain('\\"Name\\":\\"live\\"');
      expect(create).toContain(idOf(fixture.stack, fixture.target.currentVersion as lambda.Version));
      expect(JSON.stringify(alias.Delete)).toContain('\\"action\\":\\"DeleteAlias\\"');
      expect(alias.Update).toBeUndefined();
    });

    it('creates the model pins: application, environment, validated profile, initial version deployed all at once', () => {
      fixture.template.hasResourceProperties('AWS::AppConfig::Environment', { Name: 'live' });
      fixture.template.hasResourceProperties('AWS::AppConfig::ConfigurationProfile', {
        Name: 'model-pins',
        LocationUri: 'hosted',
        Validators: [{ Type: 'JSON_SCHEMA', Content: JSON.stringify(MODEL_PINS_JSON_SCHEMA) }],
      });
      fixture.template.hasResourceProperties('AWS::AppConfig::HostedConfigurationVersion', { Content: JSON.stringify({ modelId: 'sim.assistant-2024-11-20' }) });
      fixture.template.hasResourceProperties('AWS::AppConfig::DeploymentStrategy', { GrowthFactor: 100, DeploymentDurationInMinutes: 0, FinalBakeTimeInMinutes: 0 });
      fixture.template.resourceCountIs('AWS::AppConfig::Deployment', 1);
      expect(fixture.release.modelPins?.configurationProfileId).toBeDefined();
    });

    it("marks the stack's deployment of the initial pins as evalgate's, so the trigger does not release what the app starts on", async () => {
      // Arrange: the deployment as the template makes it, as AppConfig's ON_DEPLOYMENT_START would describe it
      const deployment = Object.values(fixture.template.findResources('AWS::AppConfig::Deployment'))[0]!;
      const ids = { applicationId: 'app1234', environmentId: 'env1234', configurationProfileId: 'prf1234' };
      const event = pinsDeploymentEvent({ ...ids, deploymentNumber: 1, configurationVersion: '1', description: deployment.Properties.Description });
      const pinStore = new FakePinStore({ '1': { modelId: 'sim.assistant-2024-11-20' } });

      // Act
      const decision = await decidePinsTrigger(event, { pinsTrigger: { ...ids, target: { functionName: 'assistant', alias: 'live' } }, pinStore });

      // Assess
      expect(decision).toEqual({ skip: 'deployment 1 was made by evalgate ([evalgate] initial pins, deployed with the stack)' });
    });
  });

  describe('environment of the task functions', () => {
    it('gives prepare the table, pins, shards computed from the suites, thresholds and lock expiry', () => {
      const env = envOf('prepare');
      expect(Object.keys(env).filter((key) => key.startsWith('EVALGATE_')).sort()).toEqual([
        'EVALGATE_ALARM_THRESHOLDS', 'EVALGATE_APPCONFIG_APPLICATION_ID', 'EVALGATE_APPCONFIG_ENVIRONMENT_ID', 'EVALGATE_APPCONFIG_PROFILE_ID',
        'EVALGATE_APPCONFIG_STRATEGY_ID', 'EVALGATE_EVAL_SHARDS', 'EVALGATE_MAX_RELEASE_MINUTES', 'EVALGATE_TABLE_NAME',
      ]);
      expect(JSON.parse(env.EVALGATE_EVAL_SHARDS as string)).toEqual(computeEvalShards(join(process.cwd(), 'evals/suites'), 50));
      expect(JSON.parse(env.EVALGATE_ALARM_THRESHOLDS as string)).toEqual({
        errorRate: 0.05, p99DurationMs: 10_000, liveScore: 0.9, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2,
      });
      expect(env.EVALGATE_MAX_RELEASE_MINUTES).toBe('360');
    });

    it('gives the eval functions the suites and policy in a layer, and points them at it under /opt', () => {
      const layer = { Ref: idOf(fixture.stack, fixture.release.evalsLayer as lambda.LayerVersion) };
      for (const task of ['run-eval-shard', 'decide-gate'] as const) {
        expect(envOf(task), task).toMatchObject({ EVALGATE_SUITES_DIR: '/opt/evalgate/suites', EVALGATE_POLICY_FILE: '/opt/evalgate/policy.yaml' });
        expect((fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions[task])]!.Properties as any).Layers, task).toEqual([layer]);
      }
      expect((fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions.prepare)]!.Properties as any).Layers).toBeUndefined();
      expect(envOf('run-eval-shard').EVALGATE_EVAL_CONCURRENCY).toBe('4');
    });

    it('gives check-health the extra alarms, finalize the table, bucket, topic and pins, and rollback the pins', () => {
      expect(fixture.stack.resolve(envOf('check-health').EVALGATE_EXTRA_ALARMS)).toEqual(joined('["', { Ref: idOf(fixture.stack, alarm) }, '"]'));
      expect(Object.keys(envOf('finalize')).filter((k) => k.startsWith('EVALGATE_')).sort()).toEqual([
        'EVALGATE_ALARM_THRESHOLDS', 'EVALGATE_APPCONFIG_APPLICATION_ID', 'EVALGATE_APPCONFIG_ENVIRONMENT_ID', 'EVALGATE_APPCONFIG_PROFILE_ID',
        'EVALGATE_APPCONFIG_STRATEGY_ID', 'EVALGATE_REPORTS_BUCKET', 'EVALGATE_TABLE_NAME', 'EVALGATE_TOPIC_ARN',
      ]);
      expect(Object.keys(envOf('rollback')).filter((k) => k.startsWith('EVALGATE_')).sort()).toEqual([
        'EVALGATE_APPCONFIG_APPLICATION_ID', 'EVALGATE_APPCONFIG_ENVIRONMENT_ID', 'EVALGATE_APPCONFIG_PROFILE_ID', 'EVALGATE_APPCONFIG_STRATEGY_ID',
      ]);
      // The same AppConfig ids in both: the pins Rollback and Finalize revert are the ones Prepare reads.
      for (const task of ['rollback', 'finalize'] as const) {
        for (const key of ['EVALGATE_APPCONFIG_APPLICATION_ID', 'EVALGATE_APPCONFIG_ENVIRONMENT_ID', 'EVALGATE_APPCONFIG_PROFILE_ID', 'EVALGATE_APPCONFIG_STRATEGY_ID']) {
          expect(fixture.stack.resolve(envOf(task)[key]), `${task} ${key}`).toEqual(fixture.stack.resolve(envOf('prepare')[key]));
        }
      }
    });
  });

  describe('least privilege', () => {
    const aliasArn = () => joined(arnOf(targetId), ':live');
    const versionsArn = () => joined(arnOf(targetId), ':*');
    const grantsOf = (action: string) =>
      TASK_NAMES.flatMap((task) => statementsOf(fixture, roleOf(task)).filter((s) => s.actions.includes(action)).map((s) => ({ task, resources: s.resources })));

    it('allows UpdateAlias and GetAlias on the target function, which Lambda authorizes them against, and its live alias', () => {
      const target = [arnOf(targetId), aliasArn()];
      expect(grantsOf('lambda:UpdateAlias')).toEqual(['shift-traffic', 'promote', 'rollback'].map((task) => ({ task, resources: target })));
      expect(grantsOf('lambda:GetAlias').map((g) => g.task)).toEqual(['prepare', 'shift-traffic', 'promote', 'rollback']);
      expect(grantsOf('lambda:GetAlias').every((g) => JSON.stringify(g.resources) === JSON.stringify(target))).toBe(true);
    });

    it('lets shift-traffic and promote only read the table (the release lock, after they move the alias), with its name', () => {
      const table = arnOf(idOf(fixture.stack, fixture.release.table));
      for (const task of ['shift-traffic', 'promote'] as const) {
        const dynamo = statementsOf(fixture, roleOf(task)).filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));
        expect(dynamo, task).toEqual([{ actions: ['dynamodb:GetItem'], resources: [table] }]);
        expect(envOf(task).EVALGATE_TABLE_NAME, task).toEqual({ Ref: idOf(fixture.stack, fixture.release.table) });
      }
    });

    it('allows PublishVersion only to prepare, and the environment of $LATEST to prepare and finalize (its restore), only on the target function', () => {
      expect(grantsOf('lambda:PublishVersion')).toEqual([{ task: 'prepare', resources: [arnOf(targetId)] }]);
      expect(grantsOf('lambda:UpdateFunctionConfiguration')).toEqual(['prepare', 'finalize'].map((task) => ({ task, resources: [arnOf(targetId)] })));
      expect(grantsOf('lambda:GetFunctionConfiguration')).toEqual(['prepare', 'finalize'].map((task) => ({ task, resources: [arnOf(targetId), versionsArn()] })));
      expect(grantsOf('lambda:InvokeFunction')).toEqual([{ task: 'run-eval-shard', resources: [versionsArn()] }]);
    });

    it('denies the eval run $LATEST and the live alias, which its grant on every qualifier would include', () => {
      const denied = Object.values(fixture.json.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify((r.Properties as { Roles?: unknown }).Roles).includes(`"${roleOf('run-eval-shard')}"`))
        .flatMap((r) => (r.Properties as { PolicyDocument: { Statement: Array<{ Effect: string; Action: unknown; Resource: unknown }> } }).PolicyDocument.Statement)
        .filter((s) => s.Effect === 'Deny');
      expect(denied).toEqual([{ Effect: 'Deny', Action: 'lambda:InvokeFunction', Resource: [joined(arnOf(targetId), ':$LATEST'), aliasArn()] }]);
    });

    it('gives each task only the table actions its store calls make', () => {
      const table = arnOf(idOf(fixture.stack, fixture.release.table));
      const dynamo = (task: TaskName) => statementsOf(fixture, roleOf(task)).filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));
      expect(dynamo('prepare')).toEqual([{ actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [table] }]);
      expect(dynamo('check-unit-tests')).toEqual([{ actions: ['dynamodb:PutItem', 'dynamodb:GetItem'], resources: [table] }]);
      expect(dynamo('finalize')).toEqual([{ actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem'], resources: [table] }]);
      for (const task of ['run-eval-shard', 'decide-gate', 'check-health', 'rollback'] as const) expect(dynamo(task), task).toEqual([]);
    });

    it('scopes alarm writes to evalgate-* alarms and grants * only where IAM offers nothing narrower', () => {
      const alarmArn = joined('arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:evalgate-*');
      for (const action of ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms']) {
        for (const grant of grantsOf(action)) expect(grant.resources, `${action} of ${grant.task}`).toEqual([alarmArn]);
      }
      const star = TASK_NAMES.flatMap((task) => statementsOf(fixture, roleOf(task)).filter((s) => s.resources.includes('*')).flatMap((s) => s.actions));
      expect([...new Set(star)].sort()).toEqual(['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    });

    it('gives each task only the services it calls', () => {
      const services = (task: TaskName) =>
        [...new Set(statementsOf(fixture, roleOf(task)).flatMap((s) => s.actions.map((a) => a.split(':')[0])))].filter((s) => !['logs', 'xray'].includes(s!)).sort();
      expect(Object.fromEntries(TASK_NAMES.map((task) => [task, services(task)]))).toEqual({
        prepare: ['appconfig', 'cloudwatch', 'dynamodb', 'lambda'],
        'check-unit-tests': ['codebuild', 'dynamodb', 's3'],
        'run-eval-shard': ['lambda', 's3'],
        'decide-gate': ['cloudwatch', 's3'],
        'shift-traffic': ['dynamodb', 'lambda'],
        'check-health': ['cloudwatch'],
        promote: ['appconfig', 'dynamodb', 'lambda'],
        rollback: ['appconfig', 'lambda'],
        finalize: ['appconfig', 'cloudwatch', 'dynamodb', 'lambda', 's3', 'sns'],
      });
    });

    it('lets only promote, rollback and finalize deploy the model pins, with the same grants', () => {
      const deploy = grantsOf('appconfig:StartDeployment');
      const list = grantsOf('appconfig:ListDeployments');
      expect(deploy.map((g) => g.task)).toEqual(['promote', 'rollback', 'finalize']);
      expect(list.map((g) => g.task)).toEqual(['promote', 'rollback', 'finalize']);
      for (const grants of [deploy, list]) for (const grant of grants) expect(grant.resources, grant.task).toEqual(grants[0]!.resources);
      expect(deploy[0]!.resources).toHaveLength(4);
      // The application and the environment: both are required resource types of ListDeployments.
      expect(list[0]!.resources).toHaveLength(2);
      // Reverting deploys an existing configuration version: finalize creates and reads none.
      expect(grantsOf('appconfig:GetHostedConfigurationVersion').map((g) => g.task)).toEqual(['prepare']);
    });

    it('lets the state machine invoke exactly the task functions', () => {
      const smRole = idOf(fixture.stack, fixture.release.stateMachine.role as iam.Role);
      const invoked = statementsOf(fixture, smRole).filter((s) => s.actions.includes('lambda:InvokeFunction')).flatMap((s) => s.resources);
      const expected = TASK_NAMES.flatMap((task) => {
        const id = idOf(fixture.stack, fixture.release.taskFunctions[task]);
        return [arnOf(id), joined(arnOf(id), ':*')];
      });
      expect(invoked).toHaveLength(expected.length);
      expect(invoked).toEqual(expect.arrayContaining(expected));
    });

    it('grants StartExecution on the state machine with grantStartRelease', () => {
      const role = new iam.Role(fixture.stack, 'Pipeline', { assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com') });
      fixture.release.grantStartRelease(role);
      const statements = fixture.stack.resolve((role.node.tryFindChild('DefaultPolicy') as iam.Policy).document.toJSON().Statement);
      expect(statements).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: idOf(fixture.stack, fixture.release.stateMachine) } }]);
    });
  });

  describe('grantOperate', () => {
    it('allows an operator role what the CLI does: releases, their history, the alias, the records and pins proposals', () => {
      // Arrange
      const role = new iam.Role(fixture.stack, 'Oncall', { assumedBy: new iam.AccountRootPrincipal() });

      // Act
      fixture.release.grantOperate(role);

      // Assess
      const document = fixture.stack.resolve((role.node.tryFindChild('DefaultPolicy') as iam.Policy).document.toJSON()) as { Statement: Array<{ Action: string | string[]; Resource: unknown }> };
      const statements = document.Statement.map((st) => ({ actions: [st.Action].flat(), resources: [st.Resource].flat() }));
      const actionsOn = (resource: (r: unknown) => boolean) => statements.filter((s) => s.resources.some(resource)).flatMap((s) => s.actions).sort();
      const machineId = idOf(fixture.stack, fixture.release.stateMachine);
      const mentions = (text: string) => (r: unknown) => JSON.stringify(r).includes(text);
      expect(actionsOn((r) => JSON.stringify(r) === JSON.stringify({ Ref: machineId }))).toEqual(expect.arrayContaining(['states:ListExecutions', 'states:StartExecution']));
      expect(actionsOn(mentions(':execution:'))).toEqual(expect.arrayContaining(['states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution']));
      const alias = JSON.stringify(fixture.stack.resolve(fixture.release.liveAlias.aliasArn));
      const fn = JSON.stringify(fixture.stack.resolve(fixture.target.functionArn));
      expect(actionsOn((r) => JSON.stringify(r) === alias)).toEqual(['lambda:GetAlias']);
      expect(actionsOn((r) => JSON.stringify(r) === fn)).toEqual(['lambda:GetAlias']);
      expect(actionsOn(mentions(idOf(fixture.stack, fixture.release.table)))).toEqual(['dynamodb:Query']);
      expect(actionsOn(mentions('hostedconfigurationversion'))).toEqual(['appconfig:GetHostedConfigurationVersion']);
      // Only what the CLI calls on the state machine: not grantRead's ListStateMachines, ListActivities, DescribeActivity, ...
      expect(statements.flatMap((s) => s.actions).filter((a) => a.startsWith('states:')).sort()).toEqual(
        ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:ListExecutions', 'states:StartExecution', 'states:StopExecution'],
      );
      expect(statements.flatMap((s) => s.actions)).toEqual(expect.arrayContaining(['appconfig:ListDeployments', 'appconfig:StartDeployment']));
      expect(statements.flatMap((s) => s.actions).filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:GetAlias']);
    });
  });

  describe('options', () => {
    it('creates no AppConfig resources and grants no pin changes with modelPins: false', () => {
      // Act
      const withoutPins = buildRelease({ modelPins: false });

      // Assess
      expect(Object.values(withoutPins.json.Resources).some((r) => r.Type.startsWith('AWS::AppConfig::'))).toBe(false);
      expect(JSON.stringify(withoutPins.json)).not.toContain('appconfig:');
      expect(JSON.stringify(withoutPins.json)).not.toContain('lambda:PublishVersion');
      const finalizeActions = statementsOf(withoutPins, idOf(withoutPins.stack, withoutPins.release.taskFunctions.finalize.role as iam.Role)).flatMap((s) => s.actions);
      expect(finalizeActions).not.toContain('appconfig:StartDeployment');
      expect(finalizeActions).not.toContain('appconfig:ListDeployments');
      expect(finalizeActions).toContain('sns:Publish');
      expect(withoutPins.release.modelPins).toBeUndefined();
    });

    it('gives prepare, promote, rollback and finalize no AppConfig variables with modelPins: false, and they still parse their environment', () => {
      // Act
      const withoutPins = buildRelease({ modelPins: false });

      // Assess
      expect(Object.values(withoutPins.json.Resources).filter((r) => r.Type.startsWith('AWS::AppConfig::'))).toEqual([]);
      const envOfTask = (task: TaskName): Record<string, unknown> =>
        (withoutPins.json.Resources[idOf(withoutPins.stack, withoutPins.release.taskFunctions[task])]!.Properties as any).Environment?.Variables ?? {};
      for (const task of ['prepare', 'promote', 'rollback', 'finalize'] as const) {
        const env = envOfTask(task);
        expect(Object.keys(env).filter((key) => key.startsWith('EVALGATE_APPCONFIG_')), task).toEqual([]);
        // What the function sees at cold start: CloudFormation references resolve to plain strings.
        const deployed = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, typeof value === 'string' ? value : `resolved-${key}`]));
        expect(appConfigIds(readEnv(TASK_ENV[task], deployed)), task).toBeUndefined();
      }
    });

    it('gives every task the environment its cold start parses (functions/shared/env.ts)', () => {
      // Prepare: a pipeline with the user's own alarm, so check-health's EVALGATE_EXTRA_ALARMS is a token too.
      const fixture = buildRelease();
      // Tokens that render JSON documents (Stack.toJsonString): what they resolve to on AWS.
      const JSON_TOKENS: Record<string, string> = { EVALGATE_EXTRA_ALARMS: '[]', EVALGATE_TEST_REPORT_BUCKETS: '["evalgate-reports-123"]' };
      const camel = (task: TaskName) => task.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof typeof TASK_ENV;

      for (const task of Object.keys(fixture.release.taskFunctions) as TaskName[]) {
        // Act: what the function sees at cold start, CloudFormation references resolved to plain strings.
        const env = ((fixture.json.Resources[idOf(fixture.stack, fixture.release.taskFunctions[task])]!.Properties as any).Environment?.Variables ?? {}) as Record<string, unknown>;
        const deployed = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, typeof value === 'string' ? value : JSON_TOKENS[key] ?? `resolved-${key}`]));

        // Assess
        const schema = TASK_ENV[camel(task)];
        if (schema) expect(() => readEnv(schema, deployed), task).not.toThrow();
      }
    });

    it('publishes to the notification topic it is given instead of creating one', () => {
      // Arrange
      const topic = sns.Topic.fromTopicArn(new Stack(), 'Topic', 'arn:aws:sns:eu-west-1:123456789012:releases');

      // Act
      const fixtureWithTopic = buildRelease({ notificationTopic: topic });

      // Assess
      fixtureWithTopic.template.resourceCountIs('AWS::SNS::Topic', 0);
      const finalize = statementsOf(fixtureWithTopic, idOf(fixtureWithTopic.stack, fixtureWithTopic.release.taskFunctions.finalize.role as iam.Role));
      expect(finalize).toContainEqual({ actions: ['sns:Publish'], resources: ['arn:aws:sns:eu-west-1:123456789012:releases'] });
    });

    it('lets CheckUnitTests read JUnit reports from the test-report buckets it is given, and tells it which', () => {
      // Act
      const withBuckets = buildRelease((stack) => ({
        testReportBuckets: [
          s3.Bucket.fromBucketName(stack, 'Ci', 'team-ci-reports'),
          new s3.Bucket(stack, 'Encrypted', { encryption: s3.BucketEncryption.KMS }),
        ],
      }));

      // Assess
      const fn = withBuckets.release.taskFunctions['check-unit-tests'];
      const statements = statementsOf(withBuckets, idOf(withBuckets.stack, fn.role as iam.Role));
      const reads = statements.filter((s) => s.actions.includes('s3:GetObject')).map((s) => JSON.stringify(s.resources));
      expect(reads).toHaveLength(3);
      expect(reads[1]).toContain('team-ci-reports/*');
      expect(statements.some((s) => s.actions.includes('kms:Decrypt'))).toBe(true);
      const env = (withBuckets.json.Resources[idOf(withBuckets.stack, fn)]!.Properties as any).Environment.Variables.EVALGATE_TEST_REPORT_BUCKETS;
      expect(JSON.stringify(env)).toContain('team-ci-reports');
      expect(JSON.stringify(env)).toContain(idOf(withBuckets.stack, withBuckets.release.reportsBucket));
    });
  });

  describe('validation', () => {
    const build = (props: Partial<EvalGatedReleaseProps>) => () => buildRelease(props);

    it.each<[string, Partial<EvalGatedReleaseProps>, string]>([
      ['fails when a canary step weight is above 99', { canarySteps: [{ weight: 120, bake: Duration.minutes(5) }] }, 'canary step weight must be between 1 and 99, got: 120'],
      ['fails when a canary step weight is below 1', { canarySteps: [{ weight: 0, bake: Duration.minutes(5) }] }, 'canary step weight must be between 1 and 99, got: 0'],
      ['fails when a canary step weight is not a whole number', { canarySteps: [{ weight: 2.5, bake: Duration.minutes(5) }] }, 'canary step weight must be a whole number, got: 2.5'],
      [
        'fails when canary step weights do not increase',
        { canarySteps: [{ weight: 25, bake: Duration.minutes(5) }, { weight: 25, bake: Duration.minutes(5) }] },
        'canary step weights must be strictly increasing, got: 25 after 25',
      ],
      [
        'fails when a canary step bakes less than one health-check interval',
        { canarySteps: [{ weight: 5, bake: Duration.seconds(30) }] },
        'canary step bake must be at least one health-check interval (1 minute), got: 30 seconds',
      ],
      ['fails when there is no canary step', { canarySteps: [] }, 'canary steps must contain at least one step, got: none'],
      ['fails when the health-check interval is under a minute', { healthCheckInterval: Duration.seconds(30) }, 'health-check interval must be at least 1 minute, got: 30 seconds'],
      [
        'fails when the canary steps need too many health checks',
        { canarySteps: [{ weight: 5, bake: Duration.days(1) }] },
        'canary steps must need at most 1000 health checks in total (bake / interval), got: 1440',
      ],
      ['fails when the alias name is only digits', { aliasName: '123' }, 'aliasName must be 1-128 letters, digits, - or _, and not only digits, got: 123'],
      ['fails when the eval shard size is 0', { evalShardSize: 0 }, 'evalShardSize must be a whole number at least 1, got: 0'],
      ['fails when the eval concurrency is above 40', { evalMaxConcurrency: 41 }, 'evalMaxConcurrency must be a whole number between 1 and 40, got: 41'],
      [
        'fails when the release may not outlast its bakes',
        { maxReleaseDuration: Duration.minutes(30) },
        'maxReleaseDuration must be longer than the total bake of the canary steps (1 hour), got: 30 minutes',
      ],
      ['fails when the error-rate threshold is above 1', { alarmThresholds: { errorRate: 2 } }, 'alarmThresholds errorRate: '],
      [
        'fails when more datapoints must breach than are evaluated',
        { alarmThresholds: { evaluationPeriods: 2, datapointsToAlarm: 3 } },
        'alarmThresholds datapointsToAlarm: datapointsToAlarm must not exceed evaluationPeriods, got: 3',
      ],
      ['fails when the suites directory does not exist', { suitesDir: 'evals/nope' }, `suitesDir must be an existing directory (relative paths start at the CDK app's working directory, ${process.cwd()}), got: evals/nope (not found)`],
      ['fails when the suites directory is a file', { suitesDir: 'evals/policy.yaml' }, 'suitesDir must be an existing directory'],
      ['fails when the policy file does not exist', { policyFile: 'evals/nope.yaml' }, 'policyFile must be an existing file (relative paths start at the CDK app\'s working directory'],
      ['fails without model pins', { modelPins: undefined as never }, 'modelPins is required'],
      ['fails when the initial pins are missing', { modelPins: {} as never }, 'modelPins.initialPins must name the pinned model the app starts on'],
      ['fails when a live check task is not a tag of the suites', { liveCheckTasks: ['summarise'] }, 'liveCheckTasks must be tags of the suites'],
      ['fails when the initial pins are not pinned', { modelPins: { initialPins: { modelId: 'gpt-4o' } } }, "modelPins.initialPins.modelId: model id 'gpt-4o' is not pinned"],
      ['fails when the judge model is not pinned', { judgeModelId: 'claude-3-5-sonnet-latest' }, "judgeModelId: model id 'claude-3-5-sonnet-latest' is not pinned"],
    ])('%s', (_, props, message) => {
      expect(build(props)).toThrow(message);
    });

    it('fails when the policy or a suite does not validate, naming the file, the line and what is allowed', () => {
      const dir = mkdtempSync(join(tmpdir(), 'evalgate-props-'));
      writeFileSync(join(dir, 'policy.yaml'), 'minPasRate: 0.9\n');
      mkdirSync(join(dir, 'suites'));
      writeFileSync(join(dir, 'suites', 'faq.yaml'), 'suite: faq\ncases:\n  - { id: a, input: hi, assert: [{ type: contians, value: x }] }\n');
      expect(build({ policyFile: join(dir, 'policy.yaml') })).toThrow(/policy\.yaml:1:1 minPasRate: unknown key 'minPasRate', did you mean 'minPassRate'\?/);
      expect(build({ suitesDir: join(dir, 'suites') })).toThrow(/faq\.yaml:3:\d+ cases\[0\]\.assert\[0\]\.type: unknown assertion type 'contians', did you mean 'contains'\?/);
    });

    it.each([
      [20, 4, 4, "evalMaxConcurrency × evalCaseConcurrency must be at most half the target's reserved concurrency (20), which the eval run shares with production, got: 16; lower evalCaseConcurrency or evalMaxConcurrency"],
      [32, 4, 4, undefined],
      [20, 2, 4, undefined],
    ])('checks the eval run against a reserved concurrency of %i (%i shards x %i cases at once)', (reserved, evalMaxConcurrency, evalCaseConcurrency, message) => {
      const build = () =>
        buildRelease((stack) => {
          const target = stack.node.findChild('Target') as lambda.Function;
          (target.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = reserved;
          return { evalMaxConcurrency, evalCaseConcurrency };
        });
      if (message) expect(build).toThrow(message);
      else expect(build).not.toThrow();
    });

    it('fails when an imported target comes without an initial version', () => {
      const stack = new Stack();
      const target = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:eu-west-1:123456789012:function:assistant');
      expect(build({ target })).toThrow('initialVersion is required when target is not a lambda.Function');
    });
  });

  describe('cdk-nag', () => {
    it.each([
      ['the default feature flags', {}],
      ["cdk init's recommended feature flags", cxapi.CURRENTLY_RECOMMENDED_FLAGS],
    ])('passes the AwsSolutions checks under %s, each finding acknowledged where it arises', (_, flags) => {
      // Arrange: a team's stack, its own function's findings acknowledged by the team.
      const app = new App({ context: { ...flags, ...skipBundling } });
      const stack = new Stack(app, 'Team');
      const fn = new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ output: "ok" });') });
      Validations.of(fn).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "the team's function" });
      Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: "the team's function" });
      new EvalGatedRelease(stack, 'Release', { target: fn, ...RELEASE_DEFAULTS });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

      // Act
      const synth = () => app.synth();

      // Assess
      expect(synth).not.toThrow();
    });
  });
});
