import { describe, expect, it } from 'vitest';
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
