import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pinsDeploymentEvent } from '../../../../functions/release/pins-trigger';
import { makeHandler } from '../../../../functions/tasks/pins-trigger/handler';
import { EVALGATE_DEPLOYMENT_PREFIX } from '../../../../functions/release/pins-revert';
import { InvalidReleaseInputError, ReleaseAlreadyStartedError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { FakePinStore, GOOD_MODEL, NEW_MODEL } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';
import { FakeReleaseStarter } from '../../../helpers/fakes/release-starter';

const IDS = { applicationId: 'app1234', environmentId: 'env1234', configurationProfileId: 'prf1234' };
const SECRET = 'secret deployment note';
/** What AppConfig sends, with fields the trigger does not read. */
const appConfigEvent = (n: number, version: string, description = `pin the snapshot: ${SECRET}`) => ({
  InvocationId: 'x7k2p9q',
  Parameters: {},
  ...pinsDeploymentEvent({ ...IDS, deploymentNumber: n, configurationVersion: version, description }),
  ConfigurationProfile: { Id: IDS.configurationProfileId, Name: 'model-pins' },
});

describe('pins trigger handler', () => {
  let pinStore: FakePinStore;
  let starter: FakeReleaseStarter;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ pinsTrigger: { ...IDS, target: { functionName: 'assistant', alias: 'live' } }, pinStore, starter, logger: createReleaseLogger() });

  beforeEach(async () => {
    logs = captureLogs();
    pinStore = new FakePinStore({ '2': { modelId: GOOD_MODEL }, '3': { modelId: NEW_MODEL } }, '2');
    await pinStore.deploy('3', 'the pin change');
    starter = new FakeReleaseStarter();
  });

  afterEach(() => logs.restore());

  it('starts the release of a pin change and logs the decision without the description', async () => {
    // Act
    const result = await handler()(appConfigEvent(2, '3'), lambdaContext());

    // Assess
    expect(result).toEqual({
      started: { executionName: 'pins-3-d2', executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:release:pins-3-d2', startDate: '2025-01-01T10:00:00.000Z' },
    });
    expect([...starter.started.entries()]).toEqual([
      [
        'pins-3-d2',
        {
          input: { target: { functionName: 'assistant', alias: 'live' }, candidate: { modelPins: { configurationVersion: '3', previousConfigurationVersion: '2' } }, change: { source: 'appconfig' } },
          startDate: new Date('2025-01-01T10:00:00Z'),
        },
      ],
    ]);
    expect(logs.lines()).toEqual([
      expect.objectContaining({ message: 'pin change release started', deploymentNumber: 2, configurationVersion: '3', previousConfigurationVersion: '2', executionName: 'pins-3-d2' }),
    ]);
    expect(logs.text()).not.toContain(SECRET);
  });

  it.each([
    ['the deployment number as a string and a null description, as AppConfig\'s own payload samples show', { DeploymentNumber: '2', Description: null }],
    ['no description at all (a console deployment without one)', { Description: undefined }],
  ])('takes %s, reading the description with GetDeployment', async (_, overrides) => {
    // Act
    const result = await handler()({ ...appConfigEvent(2, '3'), ...overrides } as never, lambdaContext());

    // Assess
    expect(result).toMatchObject({ started: { executionName: 'pins-3-d2' } });
  });

  it('skips an evalgate deployment whose event carries no description (read with GetDeployment)', async () => {
    // Arrange: AppConfig's record of deployment 3 has evalgate's description; its event has none.
    await pinStore.deploy('2', `${EVALGATE_DEPLOYMENT_PREFIX}revert of a blocked release`);

    // Act
    const result = await handler()({ ...appConfigEvent(3, '2'), DeploymentNumber: '3', Description: null } as never, lambdaContext());

    // Assess
    expect(result).toEqual({ skipped: expect.stringMatching(/was made by evalgate/) });
    expect(starter.started.size).toBe(0);
  });

  it('starts one release when AppConfig or Lambda delivers the event twice', async () => {
    // Act
    await handler()(appConfigEvent(2, '3'), lambdaContext());
    const again = await handler()(appConfigEvent(2, '3'), lambdaContext());

    // Assess
    expect(again).toMatchObject({ started: { executionName: 'pins-3-d2' } });
    expect(starter.started.size).toBe(1);
  });

  it('skips evalgate\'s own deployment, starts nothing and logs why', async () => {
    // Act
    const result = await handler()(appConfigEvent(3, '2', `${EVALGATE_DEPLOYMENT_PREFIX}rollback of release pins-3-d2`), lambdaContext());

    // Assess
    const reason = 'deployment 3 was made by evalgate ([evalgate] rollback of release pins-3-d2)';
    expect(result).toEqual({ skipped: reason });
    expect(starter.started.size).toBe(0);
    expect(logs.lines()).toEqual([expect.objectContaining({ message: 'pin deployment not released', deploymentNumber: 3, reason })]);
  });

  it('fails, for Lambda to retry, when the release cannot be started', async () => {
    // Prepare
    starter.failNext('start', new ReleaseAlreadyStartedError('release pins-3-d2 runs another input'));

    // Act
    const act = handler()(appConfigEvent(2, '3'), lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(ReleaseAlreadyStartedError);
    expect(logs.lines()).toEqual([expect.objectContaining({ message: 'PinsTrigger failed', errorName: 'ReleaseAlreadyStartedError' })]);
  });

  it('fails with a named error naming the field of a malformed event', async () => {
    // Act
    const act = handler()({ ...appConfigEvent(2, '3'), DeploymentNumber: 'two' } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/^invalid PinsTrigger event: DeploymentNumber: /);
  });
});
