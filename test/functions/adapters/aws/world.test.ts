import { describe, expect, it } from 'vitest';
import { AppConfigPinStore } from '../../../../functions/adapters/aws/appconfig-pin-store';
import { AwsTestReportSource } from '../../../../functions/adapters/aws/aws-test-report-source';
import { BedrockJudge } from '../../../../functions/adapters/aws/bedrock-judge';
import { CloudWatchHealthSource } from '../../../../functions/adapters/aws/cloudwatch-health-source';
import { DynamoDbReleaseStore } from '../../../../functions/adapters/aws/dynamodb-release-store';
import { LambdaAliasRouter } from '../../../../functions/adapters/aws/lambda-alias-router';
import { LambdaAppInvoker } from '../../../../functions/adapters/aws/lambda-app-invoker';
import { LambdaFunctionRegistry } from '../../../../functions/adapters/aws/lambda-function-registry';
import { S3ReportStore } from '../../../../functions/adapters/aws/s3-report-store';
import { SnsNotifier } from '../../../../functions/adapters/aws/sns-notifier';
import { StepFunctionsReleaseStarter } from '../../../../functions/adapters/aws/step-functions';
import { awsWorld, type AwsWorld } from '../../../../functions/adapters/aws/world';
import { APPCONFIG_VARIABLES, InvalidEnvironmentError, PINS_TRIGGER_ENV, readEnv, TASK_ENV } from '../../../../functions/shared/env';
import { TASK_ENVIRONMENT } from '../../../helpers/fakes/lambda';

const without = (...names: string[]) => Object.fromEntries(Object.entries(TASK_ENVIRONMENT).filter(([key]) => !names.includes(key)));

describe('awsWorld', () => {
  const cases: Array<[keyof typeof TASK_ENV, Array<[keyof AwsWorld, abstract new (...args: never[]) => unknown]>]> = [
    ['prepare', [['registry', LambdaFunctionRegistry], ['router', LambdaAliasRouter], ['healthSource', CloudWatchHealthSource], ['releaseStore', DynamoDbReleaseStore]]],
    ['checkUnitTests', [['testReports', AwsTestReportSource], ['releaseStore', DynamoDbReleaseStore]]],
    ['runEvalShard', [['appInvoker', LambdaAppInvoker], ['reportStore', S3ReportStore]]],
    ['decideGate', [['reportStore', S3ReportStore], ['healthSource', CloudWatchHealthSource]]],
    ['shiftTraffic', [['router', LambdaAliasRouter], ['releaseStore', DynamoDbReleaseStore]]],
    ['checkHealth', [['healthSource', CloudWatchHealthSource]]],
    ['promote', [['router', LambdaAliasRouter], ['releaseStore', DynamoDbReleaseStore], ['pinStore', AppConfigPinStore]]],
    ['rollback', [['router', LambdaAliasRouter], ['pinStore', AppConfigPinStore]]],
    ['finalize', [['releaseStore', DynamoDbReleaseStore], ['reportStore', S3ReportStore], ['notifier', SnsNotifier], ['pinStore', AppConfigPinStore]]],
  ];

  it.each(cases)('builds what %s uses from the variables its schema reads', (task, adapters) => {
    // Act
    const world = awsWorld(readEnv(TASK_ENV[task], TASK_ENVIRONMENT));

    // Assess
    for (const [field, type] of adapters) expect(world[field]).toBeInstanceOf(type);
  });

  it('builds each adapter once, on first use, sharing one client per service', () => {
    // Arrange
    const world = awsWorld(readEnv(TASK_ENV.promote, TASK_ENVIRONMENT));

    // Act
    const first = world.router;

    // Assess
    expect(world.router).toBe(first);
    expect((world.router as unknown as { client: unknown }).client).toBe((world.registry as unknown as { client: unknown }).client);
  });

  it('names the variable an adapter needs when the task does not have it, and only when that adapter is used', () => {
    // Arrange
    const world = awsWorld(readEnv(TASK_ENV.rollback, TASK_ENVIRONMENT));

    // Act
    const router = world.router;
    const act = () => world.reportStore;

    // Assess
    expect(router).toBeInstanceOf(LambdaAliasRouter);
    expect(act).toThrow(new InvalidEnvironmentError('invalid function environment: EVALGATE_REPORTS_BUCKET: is required by the report store'));
  });

  it('has no pin store without the AppConfig variables (modelPins: false)', () => {
    expect(awsWorld(readEnv(TASK_ENV.prepare, without(...APPCONFIG_VARIABLES))).pinStore).toBeUndefined();
  });

  it('reads the synth-time settings of the tasks', () => {
    // Act
    const prepare = awsWorld(readEnv(TASK_ENV.prepare, TASK_ENVIRONMENT));
    const shard = awsWorld(readEnv(TASK_ENV.runEvalShard, TASK_ENVIRONMENT));
    const health = awsWorld(readEnv(TASK_ENV.checkHealth, without('EVALGATE_EXTRA_ALARMS')));

    // Assess
    expect(prepare.evalShards).toEqual([{ suite: 'quality', index: 0, from: 0, to: 20 }]);
    expect(prepare.maxReleaseMinutes).toBe(120);
    expect(shard.concurrency).toBe(4);
    expect(shard.suitesDir).toBe('evals/suites');
    expect(health.extraAlarms).toEqual([]);
  });

  it('grades llm-rubric offline by default and with Bedrock for a pinned Bedrock model', () => {
    // Act
    const offline = awsWorld(readEnv(TASK_ENV.runEvalShard, TASK_ENVIRONMENT)).judge;
    const bedrock = awsWorld(readEnv(TASK_ENV.runEvalShard, { ...TASK_ENVIRONMENT, EVALGATE_JUDGE_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0' })).judge;

    // Assess
    expect(offline.modelId).toBe('sim.judge-2024-11-20');
    expect(bedrock).toBeInstanceOf(BedrockJudge);
  });

  describe('the AppConfig trigger', () => {
    const TRIGGER_ENVIRONMENT = {
      ...TASK_ENVIRONMENT,
      EVALGATE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:000000000000:stateMachine:release',
      EVALGATE_TARGET_FUNCTION_NAME: 'assistant',
      EVALGATE_TARGET_ALIAS: 'live',
    };

    it('builds its config, pin store and release starter from the environment', () => {
      // Act
      const world = awsWorld(readEnv(PINS_TRIGGER_ENV, TRIGGER_ENVIRONMENT));

      // Assess
      expect(world.pinsTrigger).toEqual({ applicationId: 'app1', environmentId: 'env1', configurationProfileId: 'prof1', target: { functionName: 'assistant', alias: 'live' } });
      expect(world.pinStore).toBeInstanceOf(AppConfigPinStore);
      expect(world.starter).toBeInstanceOf(StepFunctionsReleaseStarter);
    });

    it.each([
      [{ EVALGATE_APPCONFIG_PROFILE_ID: undefined }, 'EVALGATE_APPCONFIG_PROFILE_ID: is required'],
      [{ EVALGATE_STATE_MACHINE_ARN: 'release' }, 'EVALGATE_STATE_MACHINE_ARN: must be a state machine ARN'],
      [{ EVALGATE_TARGET_ALIAS: '' }, 'EVALGATE_TARGET_ALIAS: must not be empty'],
    ])('fails naming the variable when %j: the trigger exists only when model pins are managed', (overrides, message) => {
      expect(() => readEnv(PINS_TRIGGER_ENV, { ...TRIGGER_ENVIRONMENT, ...overrides })).toThrow(new InvalidEnvironmentError(`invalid function environment: ${message}`));
    });
  });
});
