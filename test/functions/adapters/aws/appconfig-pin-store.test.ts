import {
  GetDeploymentCommand,
  AppConfigClient,
  BadRequestException,
  ConflictException,
  CreateHostedConfigurationVersionCommand,
  GetHostedConfigurationVersionCommand,
  ListDeploymentsCommand,
  ResourceNotFoundException,
  StartDeploymentCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppConfigPinStore } from '../../../../functions/adapters/aws/appconfig-pin-store';

const appconfig = mockSdkClient(AppConfigClient);
const ids = { applicationId: 'app-1', environmentId: 'env-1', configurationProfileId: 'prof-1', deploymentStrategyId: 'strat-1' };
const metadata = { $metadata: {}, message: 'x' };
const store = () => new AppConfigPinStore(new AppConfigClient({}), ids);
const content = (text: string) => ({ Content: new TextEncoder().encode(text) as never });

describe('AppConfigPinStore.getVersion', () => {
  beforeEach(() => appconfig.reset());

  it.each([
    [{ modelId: 'gpt-4o-2024-11-20' }],
    [{ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', fallbackModelId: 'amazon.titan-text-express-v1' }],
  ])('reads the pins %j of a hosted configuration version', async (pins) => {
    // Prepare
    appconfig.on(GetHostedConfigurationVersionCommand).resolves(content(JSON.stringify(pins)));

    // Act
    const read = await store().getVersion('4');

    // Assess
    expect(read).toEqual(pins);
    expect(appconfig.commandCalls(GetHostedConfigurationVersionCommand)[0]!.args[0].input).toEqual({ ApplicationId: 'app-1', ConfigurationProfileId: 'prof-1', VersionNumber: 4 });
  });

  it.each([
    ['not JSON', '{model', 'model pins configuration version 4 is not JSON'],
    ['missing the model id', '{"fallbackModelId":"gpt-4o-2024-11-20"}', /^model pins configuration version 4 is not a model pins document: modelId: /],
    ['carrying unknown keys', '{"modelId":"gpt-4o-2024-11-20","temperature":1}', /^model pins configuration version 4 is not a model pins document: document: /],
    ['an unpinned model', '{"modelId":"claude-3-5-sonnet-latest"}', "model pins configuration version 4: model id 'claude-3-5-sonnet-latest' is not pinned: 'latest' is a floating alias that can change without a deployment; pin a dated snapshot"],
    ['an unpinned fallback', '{"modelId":"gpt-4o-2024-11-20","fallbackModelId":"gpt-4o"}', /^model pins configuration version 4: model id 'gpt-4o' is not pinned: undated alias/],
  ])('fails when the document is %s', async (_name, text, message) => {
    appconfig.on(GetHostedConfigurationVersionCommand).resolves(content(text));
    const read = store().getVersion('4');
    await expect(read).rejects.toMatchObject({ name: 'ReleaseRefusedError' });
    await expect(read).rejects.toThrow(message);
  });

  it('fails when the version does not exist', async () => {
    appconfig.on(GetHostedConfigurationVersionCommand).rejects(new ResourceNotFoundException(metadata));
    await expect(store().getVersion('9')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'model pins configuration version 9 does not exist' });
  });

  it('fails when the version is not a number, without asking AppConfig', async () => {
    await expect(store().getVersion('latest')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'model pins configuration version latest is not a version number' });
    expect(appconfig.commandCalls(GetHostedConfigurationVersionCommand)).toHaveLength(0);
  });
});

describe('AppConfigPinStore.createHostedVersion', () => {
  beforeEach(() => appconfig.reset());

  it('hosts the document as JSON and returns the new version number', async () => {
    // Prepare
    appconfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: 5 });

    // Act
    const version = await store().createHostedVersion({ modelId: 'gpt-4o-2024-11-20' });

    // Assess
    expect(version).toBe('5');
    expect(appconfig.commandCalls(CreateHostedConfigurationVersionCommand)[0]!.args[0].input).toEqual({
      ApplicationId: 'app-1',
      ConfigurationProfileId: 'prof-1',
      Content: new TextEncoder().encode('{"modelId":"gpt-4o-2024-11-20"}'),
      ContentType: 'application/json',
    });
  });

  it.each([
    [
      'naming each field the validator refused',
      { Reason: 'InvalidConfiguration' as const, Details: { InvalidConfiguration: [{ Location: '$.modelId', Reason: 'does not match the pin pattern', Type: 'JSON_SCHEMA' }] } },
      'model pins document refused: $.modelId: does not match the pin pattern (JSON_SCHEMA)',
    ],
    ['with the service message when it gives no details', {}, 'model pins document refused: x'],
  ])('turns the validator refusal into a ReleaseRefusedError %s', async (_name, details, message) => {
    // Prepare
    appconfig.on(CreateHostedConfigurationVersionCommand).rejects(new BadRequestException({ ...metadata, ...details }));

    // Act
    const act = store().createHostedVersion({ modelId: 'gpt-4o' });

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'ReleaseRefusedError', message });
  });

  it('passes any other failure through unchanged', async () => {
    appconfig.on(CreateHostedConfigurationVersionCommand).rejects(new ConflictException(metadata));
    await expect(store().createHostedVersion({ modelId: 'gpt-4o-2024-11-20' })).rejects.toMatchObject({ name: 'ConflictException' });
  });
});

describe('AppConfigPinStore deployments', () => {
  beforeEach(() => appconfig.reset());

  it('finds the newest deployment of its profile that was not undone, across pages', async () => {
    // Prepare
    appconfig
      .on(ListDeploymentsCommand)
      .resolvesOnce({
        Items: [
          { DeploymentNumber: 10, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '7', State: 'ROLLING_BACK' },
          { DeploymentNumber: 9, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '6', State: 'REVERTED' },
          { DeploymentNumber: 8, ConfigurationProfileId: 'other', ConfigurationVersion: '2', State: 'COMPLETE' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Items: [
          { DeploymentNumber: 7, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '5', State: 'ROLLED_BACK' },
          { DeploymentNumber: 6, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '4', State: 'COMPLETE' },
          { DeploymentNumber: 5, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '3', State: 'COMPLETE' },
        ],
      });

    // Act
    const deployed = await store().deployedVersion();

    // Assess
    expect(deployed).toBe('4');
    expect(appconfig.commandCalls(ListDeploymentsCommand).map((call) => call.args[0].input)).toEqual([
      { ApplicationId: 'app-1', EnvironmentId: 'env-1' },
      { ApplicationId: 'app-1', EnvironmentId: 'env-1', NextToken: 'page-2' },
    ]);
  });

  it.each(['BAKING', 'DEPLOYING', 'VALIDATING'] as const)('counts a deployment that is %s as live: it already serves its version', async (State) => {
    appconfig.on(ListDeploymentsCommand).resolves({
      Items: [
        { ConfigurationProfileId: 'prof-1', ConfigurationVersion: '6', State },
        { ConfigurationProfileId: 'prof-1', ConfigurationVersion: '5', State: 'COMPLETE' },
      ],
    });
    expect(await store().deployedVersion()).toBe('6');
  });

  it.each([
    ['no deployments', { Items: [] }],
    ['only undone ones', { Items: [{ ConfigurationProfileId: 'prof-1', ConfigurationVersion: '1', State: 'ROLLED_BACK' as const }] }],
  ])('has no deployed version with %s', async (_name, page) => {
    appconfig.on(ListDeploymentsCommand).resolves(page);
    expect(await store().deployedVersion()).toBeUndefined();
  });

  it('says what was live before a deployment: the newest COMPLETE one of its profile numbered below it, across pages', async () => {
    // Prepare
    appconfig
      .on(ListDeploymentsCommand)
      .resolvesOnce({
        Items: [
          { DeploymentNumber: 12, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '8', State: 'DEPLOYING' },
          { DeploymentNumber: 11, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '7', State: 'COMPLETE' },
          { DeploymentNumber: 10, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '6', State: 'ROLLED_BACK' },
          { DeploymentNumber: 9, ConfigurationProfileId: 'other', ConfigurationVersion: '2', State: 'COMPLETE' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ Items: [{ DeploymentNumber: 8, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '5', State: 'COMPLETE' }] });

    // Act
    const before = await store().deployedVersionBefore(11);

    // Assess
    expect(before).toBe('5');
    expect(appconfig.commandCalls(ListDeploymentsCommand).map((call) => call.args[0].input)).toEqual([
      { ApplicationId: 'app-1', EnvironmentId: 'env-1' },
      { ApplicationId: 'app-1', EnvironmentId: 'env-1', NextToken: 'page-2' },
    ]);
  });

  it('has nothing live before the first deployment', async () => {
    appconfig.on(ListDeploymentsCommand).resolves({ Items: [{ DeploymentNumber: 1, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '1', State: 'COMPLETE' }] });
    expect(await store().deployedVersionBefore(1)).toBeUndefined();
  });

  it('reads a deployment\'s description (how the trigger knows evalgate made it)', async () => {
    appconfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: 12, Description: '[evalgate] rollback of release pins-8-d11' });

    expect(await store().deploymentDescription(12)).toBe('[evalgate] rollback of release pins-8-d11');
    expect(appconfig.commandCalls(GetDeploymentCommand)[0]!.args[0].input).toEqual({ ApplicationId: 'app-1', EnvironmentId: 'env-1', DeploymentNumber: 12 });
  });

  it('reads an empty description as none', async () => {
    appconfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: 12, Description: '' });
    expect(await store().deploymentDescription(12)).toBeUndefined();
  });

  it('deploys a configuration version with its strategy', async () => {
    // Prepare
    appconfig.on(StartDeploymentCommand).resolves({});

    // Act
    await store().deploy('3', 'evalgate: revert model pins of release r-1');

    // Assess
    expect(appconfig.commandCalls(StartDeploymentCommand)[0]!.args[0].input).toEqual({
      ApplicationId: 'app-1',
      EnvironmentId: 'env-1',
      ConfigurationProfileId: 'prof-1',
      DeploymentStrategyId: 'strat-1',
      ConfigurationVersion: '3',
      Description: 'evalgate: revert model pins of release r-1',
    });
  });

  it('maps a deployment already in progress to DeploymentInProgressError, which the state machine waits out', async () => {
    appconfig.on(StartDeploymentCommand).rejects(new ConflictException(metadata));
    await expect(store().deploy('3', 'revert')).rejects.toMatchObject({
      name: 'DeploymentInProgressError',
      message: 'deploying model pins version 3: another deployment is in progress in the environment: x',
    });
  });

  it('names the deployment in progress in the environment, baking or rolling back, of the pins or of another profile', async () => {
    // Prepare
    appconfig
      .on(ListDeploymentsCommand)
      .resolvesOnce({ Items: [{ DeploymentNumber: 9, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '4', State: 'COMPLETE' }], NextToken: 't' })
      .resolvesOnce({ Items: [{ DeploymentNumber: 8, ConfigurationProfileId: 'other', ConfigurationVersion: '7', State: 'BAKING' }] })
      .resolves({ Items: [{ DeploymentNumber: 5, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '3', State: 'DEPLOYING' }] });

    // Act, Assess
    expect(await store().inProgressDeployment()).toEqual({ deploymentNumber: 8, configurationVersion: '7', ofPins: false });
    expect(await store().inProgressDeployment()).toEqual({ deploymentNumber: 5, configurationVersion: '3', ofPins: true });
    expect(appconfig.commandCalls(ListDeploymentsCommand)[1]!.args[0].input).toEqual({ ApplicationId: 'app-1', EnvironmentId: 'env-1', NextToken: 't' });
  });

  it('finds none when every deployment has ended', async () => {
    appconfig.on(ListDeploymentsCommand).resolves({ Items: [{ DeploymentNumber: 2, ConfigurationProfileId: 'prof-1', ConfigurationVersion: '2', State: 'ROLLED_BACK' }] });
    expect(await store().inProgressDeployment()).toBeUndefined();
  });

  it('stops a deployment with AllowRevert, which also rolls back one that bakes', async () => {
    appconfig.on(StopDeploymentCommand).resolves({});
    await store().stopDeployment(5);
    expect(appconfig.commandCalls(StopDeploymentCommand)[0]!.args[0].input).toEqual({ ApplicationId: 'app-1', EnvironmentId: 'env-1', DeploymentNumber: 5, AllowRevert: true });
  });
});
