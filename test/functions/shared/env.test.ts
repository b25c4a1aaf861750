import { describe, expect, it } from 'vitest';
import { AppConfigPinStore } from '../../../functions/adapters/aws/appconfig-pin-store';
import { DynamoDbReleaseStore } from '../../../functions/adapters/aws/dynamodb-release-store';
import { awsDeps as checkHealthDeps } from '../../../functions/tasks/check-health/deps';
import { awsDeps as checkUnitTestsDeps } from '../../../functions/tasks/check-unit-tests/deps';
import { awsDeps as decideGateDeps } from '../../../functions/tasks/decide-gate/deps';
import { awsDeps as finalizeDeps } from '../../../functions/tasks/finalize/deps';
import { awsDeps as pinsTriggerDeps } from '../../../functions/tasks/pins-trigger/deps';
import { awsDeps as prepareDeps } from '../../../functions/tasks/prepare/deps';
import { awsDeps as promoteDeps } from '../../../functions/tasks/promote/deps';
import { awsDeps as rollbackDeps } from '../../../functions/tasks/rollback/deps';
import { awsDeps as runEvalShardDeps } from '../../../functions/tasks/run-eval-shard/deps';
import { awsDeps as shiftTrafficDeps } from '../../../functions/tasks/shift-traffic/deps';
import { StepFunctionsReleaseStarter } from '../../../functions/adapters/aws/step-functions';
import { APPCONFIG_VARIABLES, appConfigIds, InvalidEnvironmentError, readEnv, TASK_ENV } from '../../../functions/shared/env';
import { TASK_ENVIRONMENT } from '../../helpers/fakes/lambda';

const without = (...names: string[]) => Object.fromEntries(Object.entries(TASK_ENVIRONMENT).filter(([key]) => !names.includes(key)));

describe('readEnv', () => {
  it('parses the variables of a task, JSON ones included', () => {
    // Act
    const env = readEnv(TASK_ENV.prepare, TASK_ENVIRONMENT);

    // Assess
    expect(env).toMatchObject({
      EVALGATE_TABLE_NAME: 'evalgate-releases',
      EVALGATE_EVAL_SHARDS: [{ suite: 'quality', index: 0, from: 0, to: 20 }],
      EVALGATE_ALARM_THRESHOLDS: { errorRate: 0.05, p99DurationMs: 8000 },
      EVALGATE_MAX_RELEASE_MINUTES: 120,
    });
  });

  it.each([
    [{ EVALGATE_EVAL_SHARDS: undefined }, 'EVALGATE_EVAL_SHARDS: is required'],
    [{ EVALGATE_TABLE_NAME: '' }, 'EVALGATE_TABLE_NAME: must not be empty'],
    [{ EVALGATE_MAX_RELEASE_MINUTES: 'soon' }, 'EVALGATE_MAX_RELEASE_MINUTES: must be a whole number'],
    [{ EVALGATE_MAX_RELEASE_MINUTES: '0' }, 'EVALGATE_MAX_RELEASE_MINUTES: must be greater than 0'],
    [{ EVALGATE_EVAL_SHARDS: '[{suite' }, /^invalid function environment: EVALGATE_EVAL_SHARDS: must be JSON: /],
    [{ EVALGATE_EVAL_SHARDS: '[]' }, 'EVALGATE_EVAL_SHARDS: must list at least one shard'],
    [{ EVALGATE_EVAL_SHARDS: '[{"suite":"q","index":0,"from":5,"to":5}]' }, 'EVALGATE_EVAL_SHARDS[0].to: from must be less than to'],
    [{ EVALGATE_ALARM_THRESHOLDS: '{"errorRate":2}' }, /EVALGATE_ALARM_THRESHOLDS.errorRate: /],
  ])('fails naming the variable when %j', (overrides, message) => {
    // Act
    const act = () => readEnv(TASK_ENV.prepare, { ...TASK_ENVIRONMENT, ...overrides });

    // Assess
    expect(act).toThrow(InvalidEnvironmentError);
    expect(act).toThrow(message);
  });
});

describe('the AppConfig variables (model pins)', () => {
  const IDS = { applicationId: 'app1', environmentId: 'env1', configurationProfileId: 'prof1', deploymentStrategyId: 'strat1' };

  it.each([['prepare'], ['promote'], ['rollback'], ['finalize']] as const)('%s reads all four into the pin store ids', (task) => {
    // Act
    const env = readEnv(TASK_ENV[task], TASK_ENVIRONMENT);

    // Assess
    expect(appConfigIds(env)).toEqual(IDS);
  });

  it.each([['prepare'], ['promote'], ['rollback'], ['finalize']] as const)('%s accepts none of them (modelPins: false): no pin store ids', (task) => {
    // Act
    const env = readEnv(TASK_ENV[task], without(...APPCONFIG_VARIABLES));

    // Assess
    expect(appConfigIds(env)).toBeUndefined();
  });

  it.each([['prepare'], ['promote'], ['rollback'], ['finalize']] as const)('%s refuses a partial set, naming each missing variable', (task) => {
    // Act
    const act = () => readEnv(TASK_ENV[task], without('EVALGATE_APPCONFIG_PROFILE_ID', 'EVALGATE_APPCONFIG_STRATEGY_ID'));

    // Assess
    expect(act).toThrow(
      new InvalidEnvironmentError(
        'invalid function environment: ' +
          'EVALGATE_APPCONFIG_PROFILE_ID: is required with the other EVALGATE_APPCONFIG_ variables (all four or none); ' +
          'EVALGATE_APPCONFIG_STRATEGY_ID: is required with the other EVALGATE_APPCONFIG_ variables (all four or none)',
      ),
    );
  });

  it('reports a partial set together with the other problems', () => {
    // Act
    const act = () => readEnv(TASK_ENV.prepare, { ...without('EVALGATE_APPCONFIG_APPLICATION_ID'), EVALGATE_TABLE_NAME: '' });

    // Assess
    expect(act).toThrow('EVALGATE_TABLE_NAME: must not be empty; EVALGATE_APPCONFIG_APPLICATION_ID: is required with the other');
  });

  it('refuses a variable that is set but empty', () => {
    expect(() => readEnv(TASK_ENV.rollback, { ...TASK_ENVIRONMENT, EVALGATE_APPCONFIG_ENVIRONMENT_ID: '' })).toThrow('EVALGATE_APPCONFIG_ENVIRONMENT_ID: must not be empty');
  });
});

describe('awsDeps', () => {
  it.each([
    ['prepare', 'EVALGATE_MAX_RELEASE_MINUTES', prepareDeps],
    ['check-unit-tests', 'EVALGATE_TABLE_NAME', checkUnitTestsDeps],
    ['run-eval-shard', 'EVALGATE_EVAL_CONCURRENCY', runEvalShardDeps],
    ['decide-gate', 'EVALGATE_POLICY_FILE', decideGateDeps],
    ['check-health', 'EVALGATE_ALARM_THRESHOLDS', checkHealthDeps],
    ['finalize', 'EVALGATE_TOPIC_ARN', finalizeDeps],
    ['shift-traffic', 'EVALGATE_TABLE_NAME', shiftTrafficDeps],
    ['promote', 'EVALGATE_TABLE_NAME', promoteDeps],
  ] as const)('%s builds its adapters from the environment, and fails without %s', (_task, variable, awsDeps) => {
    // Act
    const deps = awsDeps(TASK_ENVIRONMENT);
    const act = () => awsDeps(without(variable));

    // Assess
    expect(deps.logger).toBeDefined();
    expect(act).toThrow(new InvalidEnvironmentError(`invalid function environment: ${variable}: is required`));
  });

  it.each([
    ['shift-traffic', shiftTrafficDeps],
    ['promote', promoteDeps],
  ] as const)('%s builds the DynamoDB release store it reads the lock (the fence) from', (_task, awsDeps) => {
    expect(awsDeps(TASK_ENVIRONMENT).releaseStore).toBeInstanceOf(DynamoDbReleaseStore);
  });

  it.each([
    ['prepare', prepareDeps],
    ['promote', promoteDeps],
    ['rollback', rollbackDeps],
    ['finalize', finalizeDeps],
  ] as const)('%s builds a pin store from the AppConfig variables, and none without them (modelPins: false)', (_task, awsDeps) => {
    // Act
    const withPins = awsDeps(TASK_ENVIRONMENT);
    const withoutPins = awsDeps(without(...APPCONFIG_VARIABLES));

    // Assess
    expect(withPins.pinStore).toBeInstanceOf(AppConfigPinStore);
    expect(withoutPins.pinStore).toBeUndefined();
    expect(() => awsDeps(without('EVALGATE_APPCONFIG_STRATEGY_ID'))).toThrow(
      new InvalidEnvironmentError('invalid function environment: EVALGATE_APPCONFIG_STRATEGY_ID: is required with the other EVALGATE_APPCONFIG_ variables (all four or none)'),
    );
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
      const deps = pinsTriggerDeps(TRIGGER_ENVIRONMENT);

      // Assess
      expect(deps.config).toEqual({ applicationId: 'app1', environmentId: 'env1', configurationProfileId: 'prof1', target: { functionName: 'assistant', alias: 'live' } });
      expect(deps.pinStore).toBeInstanceOf(AppConfigPinStore);
      expect(deps.starter).toBeInstanceOf(StepFunctionsReleaseStarter);
    });

    it.each([
      [{ EVALGATE_APPCONFIG_PROFILE_ID: undefined }, 'EVALGATE_APPCONFIG_PROFILE_ID: is required'],
      [{ EVALGATE_STATE_MACHINE_ARN: 'release' }, 'EVALGATE_STATE_MACHINE_ARN: must be a state machine ARN'],
      [{ EVALGATE_TARGET_ALIAS: '' }, 'EVALGATE_TARGET_ALIAS: must not be empty'],
    ])('fails naming the variable when %j: the trigger exists only when model pins are managed', (overrides, message) => {
      expect(() => pinsTriggerDeps({ ...TRIGGER_ENVIRONMENT, ...overrides })).toThrow(new InvalidEnvironmentError(`invalid function environment: ${message}`));
    });
  });

  it('defaults check-health to no extra alarms, and run-eval-shard to the offline judge', () => {
    // Act
    const health = checkHealthDeps(without('EVALGATE_EXTRA_ALARMS'));
    const shard = runEvalShardDeps(TASK_ENVIRONMENT);

    // Assess
    expect(health.extraAlarms).toEqual([]);
    expect(shard.judge?.modelId).toBe('sim.judge-2024-11-20');
  });
});
