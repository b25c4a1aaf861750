import { beforeEach, describe, expect, it } from 'vitest';
import { decidePinsTrigger, pinsDeploymentEvent, type PinsTriggerConfig } from '../../../functions/release/pins-trigger';
import { EVALGATE_DEPLOYMENT_PREFIX } from '../../../functions/release/pins-revert';
import { FakePinStore, GOOD_MODEL, NEW_MODEL } from '../../helpers/fakes';

const IDS = { applicationId: 'app1234', environmentId: 'env1234', configurationProfileId: 'prf1234' };
const config: PinsTriggerConfig = { ...IDS, target: { functionName: 'assistant', alias: 'live' } };
/** Deployment `n` of configuration `version` in the model pins' environment, as AppConfig describes it. */
const deploymentOf = (n: number, version: string, overrides: Partial<Parameters<typeof pinsDeploymentEvent>[0]> = {}) =>
  pinsDeploymentEvent({ ...IDS, deploymentNumber: n, configurationVersion: version, description: 'pin the 2025-02-14 snapshot', ...overrides });

describe('decidePinsTrigger', () => {
  let pinStore: FakePinStore;

  beforeEach(async () => {
    // Deployment 1: configuration 2 (the initial pins); deployment 2: configuration 3, the change under decision.
    pinStore = new FakePinStore({ '2': { modelId: GOOD_MODEL }, '3': { modelId: NEW_MODEL } }, '2');
    await pinStore.deploy('3', 'pin the 2025-02-14 snapshot');
  });

  it('starts a release of the deployed configuration, naming what AppConfig served before', async () => {
    // Act
    const decision = await decidePinsTrigger(deploymentOf(2, '3'), { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toEqual({
      start: {
        executionName: 'pins-3-d2',
        input: {
          target: { functionName: 'assistant', alias: 'live' },
          candidate: { modelPins: { configurationVersion: '3', previousConfigurationVersion: '2' } },
          change: { source: 'appconfig' },
        },
      },
    });
  });

  it('starts a release without a previous configuration when none was live before', async () => {
    // Act
    const decision = await decidePinsTrigger(deploymentOf(1, '2'), { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toEqual({ start: expect.objectContaining({ executionName: 'pins-2-d1' }) });
    expect('start' in decision && decision.start.input.candidate.modelPins).toEqual({ configurationVersion: '2' });
  });

  it('gives a retried event the same execution name and input, so Step Functions starts nothing new', async () => {
    // Act
    const [first, retried] = await Promise.all([decidePinsTrigger(deploymentOf(2, '3'), { pinsTrigger: config, pinStore }), decidePinsTrigger(deploymentOf(2, '3'), { pinsTrigger: config, pinStore })]);

    // Assess
    expect(JSON.stringify(retried)).toBe(JSON.stringify(first));
  });

  it.each<[string, ReturnType<typeof deploymentOf>, string]>([
    ['another application', deploymentOf(2, '3', { applicationId: 'other12' }), 'deployment 2 is in application other12 environment env1234, not the model pins\' app1234 env1234'],
    ['another environment', deploymentOf(2, '3', { environmentId: 'stage12' }), 'deployment 2 is in application app1234 environment stage12, not the model pins\' app1234 env1234'],
    ['another configuration profile', deploymentOf(2, '3', { configurationProfileId: 'flags12' }), 'deployment 2 deploys configuration profile flags12, not the model pins (prf1234)'],
    [
      'a revert evalgate made',
      deploymentOf(3, '2', { description: `${EVALGATE_DEPLOYMENT_PREFIX}rollback of release pins-3-d2` }),
      'deployment 3 was made by evalgate ([evalgate] rollback of release pins-3-d2)',
    ],
    ['a promotion evalgate made', deploymentOf(3, '3', { description: `${EVALGATE_DEPLOYMENT_PREFIX}promotion of release rel-7` }), 'deployment 3 was made by evalgate ([evalgate] promotion of release rel-7)'],
    ['a configuration that is not a hosted version number', deploymentOf(2, 'v3'), 'deployment 2: configuration version v3 is not a hosted version number'],
    ['a configuration version too long for an execution name', deploymentOf(2, '1'.repeat(75)), `deployment 2: configuration version ${'1'.repeat(75)} makes an execution name over 80 characters`],
    ['a redeployment of the configuration already live', deploymentOf(3, '3'), 'deployment 3 deploys configuration 3, which was already live'],
  ])('skips %s, saying why', async (_name, event, reason) => {
    // Act
    const decision = await decidePinsTrigger(event, { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toEqual({ skip: reason });
  });

  it('skips an event of another action point', async () => {
    // Act
    const decision = await decidePinsTrigger({ ...deploymentOf(2, '3'), Type: 'OnDeploymentComplete' }, { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toEqual({ skip: 'deployment 2: action point OnDeploymentComplete, not OnDeploymentStart' });
  });

  it('reads the description from AppConfig when the event carries none, and skips evalgate\'s own deployment', async () => {
    // Arrange: deployment 3 is a revert evalgate made; its event comes without a Description.
    await pinStore.deploy('2', `${EVALGATE_DEPLOYMENT_PREFIX}rollback of release pins-3-d2`);

    // Act
    const decision = await decidePinsTrigger(deploymentOf(3, '2', { description: undefined }), { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toEqual({ skip: 'deployment 3 was made by evalgate ([evalgate] rollback of release pins-3-d2)' });
  });

  it('releases a deployment without a description (a person\'s, from the console)', async () => {
    // Act
    const decision = await decidePinsTrigger(deploymentOf(2, '3', { description: undefined }), { pinsTrigger: config, pinStore });

    // Assess
    expect(decision).toMatchObject({ start: { executionName: 'pins-3-d2' } });
  });
});
