import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { emptyAppConfig, LOCAL_PINS_IDS, LocalPinStore } from '../../../../lib/local-stage/services/pin-store';
import { validateModelPinsDocument } from '../../../../lib/local-stage/services/pins-validator';
import { pinsDeploymentEventSchema, type PinsDeploymentEvent } from '../../../../functions/release/pins-trigger';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const pinsIn = (dir: string) => new LocalPinStore(new JsonFile(join(dir, 'appconfig.json'), emptyAppConfig()));

describe('LocalPinStore', () => {
  it('hosts versions numbered from 1 and deploys them at once, across instances', async () => {
    // Prepare
    const dir = tempDir();
    const pins = pinsIn(dir);

    // Act
    const first = await pins.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' });
    const second = await pins.createHostedVersion({ modelId: 'sim.assistant-2025-02-14', fallbackModelId: 'sim.assistant-2024-11-20' });
    await pins.deploy(first, 'initial pins');
    await pins.deploy(second, 'new snapshot');

    // Assess
    const again = pinsIn(dir);
    expect([first, second]).toEqual(['1', '2']);
    expect(await again.deployedVersion()).toBe('2');
    expect(await again.getVersion('2')).toEqual({ modelId: 'sim.assistant-2025-02-14', fallbackModelId: 'sim.assistant-2024-11-20' });
    expect(again.deployments()).toEqual([
      { deploymentNumber: 1, configurationVersion: '1', description: 'initial pins', state: 'COMPLETE' },
      { deploymentNumber: 2, configurationVersion: '2', description: 'new snapshot', state: 'COMPLETE' },
    ]);
  });

  it('has no deployed version before the first deployment', async () => {
    expect(await pinsIn(tempDir()).deployedVersion()).toBeUndefined();
  });

  it('says what was live before a deployment: the configuration of the last one numbered below it', async () => {
    // Prepare
    const pins = pinsIn(tempDir());
    for (const modelId of ['sim.assistant-2024-11-20', 'sim.assistant-2025-02-14', 'sim.assistant-2025-04-01']) await pins.deploy(await pins.createHostedVersion({ modelId }), modelId);
    await pins.deploy('1', 'back to the first');

    // Act
    const before = await Promise.all([1, 2, 3, 4, 5].map((n) => pins.deployedVersionBefore(n)));

    // Assess
    expect(before).toEqual([undefined, '1', '2', '3', '1']);
  });

  describe('deployment-start listeners', () => {
    it('tells every listener of each deployment after it is recorded, with the payload AppConfig sends an extension', async () => {
      // Prepare
      const pins = pinsIn(tempDir());
      const version = await pins.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' });
      const heard: Array<{ event: PinsDeploymentEvent; recorded: readonly unknown[] }> = [];
      const second: PinsDeploymentEvent[] = [];
      pins.onDeploymentStart((event) => {
        heard.push({ event, recorded: pins.deployments() });
      });
      pins.onDeploymentStart(async (event) => {
        second.push(event);
      });

      // Act
      await pins.deploy(version, 'pin the 2024-11-20 snapshot');

      // Assess
      const expected = {
        Type: 'OnDeploymentStart',
        Application: { Id: LOCAL_PINS_IDS.applicationId },
        Environment: { Id: LOCAL_PINS_IDS.environmentId },
        ConfigurationProfile: { Id: LOCAL_PINS_IDS.configurationProfileId },
        DeploymentNumber: 1,
        ConfigurationVersion: '1',
        Description: 'pin the 2024-11-20 snapshot',
      };
      expect(heard).toEqual([{ event: expected, recorded: [expect.objectContaining({ deploymentNumber: 1, configurationVersion: '1' })] }]);
      expect(second).toEqual([expected]);
      // What the trigger handler validates the AWS event with accepts it unchanged.
      expect(pinsDeploymentEventSchema.parse(heard[0]!.event)).toEqual(expected);
    });

    it('keeps the deployment and hands a listener\'s failure to whoever deployed', async () => {
      // Prepare
      const pins = pinsIn(tempDir());
      const version = await pins.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' });
      pins.onDeploymentStart(() => {
        throw new Error('trigger broke');
      });

      // Act
      const act = pins.deploy(version, 'initial pins');

      // Assess
      await expect(act).rejects.toThrow('trigger broke');
      expect(await pins.deployedVersion()).toBe('1');
    });

    it('says nothing of a deployment AppConfig would refuse', async () => {
      // Prepare
      const pins = pinsIn(tempDir());
      const heard: unknown[] = [];
      pins.onDeploymentStart((event) => {
        heard.push(event);
      });

      // Act
      await pins.deploy('9', 'missing').catch(() => undefined);

      // Assess
      expect(heard).toEqual([]);
    });
  });

  it.each([
    [{ modelId: 'gpt-4o' }, "modelId 'gpt-4o' is not pinned: undated alias"],
    [{ modelId: 'sim.assistant-2024-11-20', fallbackModelId: 'claude-3-5-sonnet-latest' }, "fallbackModelId 'claude-3-5-sonnet-latest' is not pinned: 'latest' is a floating alias"],
    [{ modelId: 'gpt-4o-2024-13-45' }, "modelId 'gpt-4o-2024-13-45' is not pinned: '2024-13-45' is not a calendar date"],
    [{}, "document must have required property 'modelId'"],
    [{ modelId: 'sim.assistant-2024-11-20', temperature: 0 }, "document must NOT have additional properties ('temperature')"],
    [{ modelId: 7 }, 'modelId must be string'],
    [['sim.assistant-2024-11-20'], 'document must be object'],
  ])('refuses %j, naming the field and the reason', async (document, reason) => {
    const pins = pinsIn(tempDir());

    await expect(pins.createHostedVersion(document)).rejects.toThrow(
      expect.objectContaining({ name: 'ReleaseRefusedError', message: expect.stringContaining(`model pins document refused: ${reason}`) }),
    );
  });

  it('refuses what the JSON Schema refuses even where the pin rule would not', () => {
    // The schema allows only plain characters: AppConfig would refuse this before any release reads it.
    expect(validateModelPinsDocument({ modelId: 'sim.assistant-2024-11-20', fallbackModelId: '' })).toEqual([
      "fallbackModelId '' is not pinned: model id is empty; pin a dated snapshot such as gpt-4o-2024-11-20",
    ]);
    expect(validateModelPinsDocument({ modelId: 'sim.assistant-2024-11-20' })).toEqual([]);
  });

  it.each([
    ['0', 'model pins configuration version 0 is not a version number'],
    ['abc', 'model pins configuration version abc is not a version number'],
    ['9', 'model pins configuration version 9 does not exist'],
  ])('fails when version %s is read or deployed', async (version, message) => {
    const pins = pinsIn(tempDir());

    await expect(pins.getVersion(version)).rejects.toMatchObject({ name: 'ReleaseRefusedError', message });
    await expect(pins.deploy(version, 'x')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message });
    expect(pins.deployments()).toEqual([]);
  });

  it('refuses a version edited by hand into an unpinned one when it is read', async () => {
    const file = new JsonFile(join(tempDir(), 'appconfig.json'), emptyAppConfig());
    file.update((doc) => {
      doc.versions['1'] = { modelId: 'gpt-4o' };
    });

    await expect(new LocalPinStore(file).getVersion('1')).rejects.toMatchObject({
      name: 'ReleaseRefusedError',
      message: expect.stringContaining("model pins configuration version 1: modelId 'gpt-4o' is not pinned"),
    });
  });
});
