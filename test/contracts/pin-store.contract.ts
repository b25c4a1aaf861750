/**
 * What every PinStore does (functions/ports/pin-store.ts): run by pin-store.test.ts against the fake and the local
 * stage's AppConfig. No implementation of the AppConfig API is at hand: the rules are those the AppConfig
 * documentation states and the AppConfig store's handling of them (functions/adapters/aws/appconfig-pin-store.ts).
 *
 * - Hosted configuration versions are numbered from 1 per configuration profile:
 *   https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_CreateHostedConfigurationVersion.html
 * - Creating one checks it against the profile's JSON Schema: a BadRequestException names the constraint that
 *   failed, and no version is made: https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_InvalidConfigurationDetail.html
 * - An empty deployment description is none: the AppConfig store reads `Description || undefined`.
 * - One deployment at a time per environment: StartDeployment answers ConflictException while one runs
 *   (the AppConfig store's DeploymentInProgressError); a deployment in progress serves its configuration.
 * - StopDeployment with AllowRevert rolls an in-progress deployment back (ROLLED_BACK) to the configuration before
 *   it: https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_StopDeployment.html
 * Only documents the profile's JSON Schema refuses (lib/model-pins.ts) are refused at creation here: the exact pin
 * rule, which the AppConfig store applies when it reads a version, refuses more (an impossible date) and the local
 * stage applies it at creation already.
 */
import { describe, expect, it } from 'vitest';
import type { PinStore } from '../../functions/ports/pin-store';

/**
 * A store with no hosted version and no deployment. `startDeployment` starts one that bakes (a person's strategy)
 * until `completeDeployment`.
 */
export type PinStoreFactory = () => PinStore | Promise<PinStore>;
export type BakingPinStore = PinStore & { startDeployment(version: string, description: string): Promise<void>; completeDeployment(): void };

const GOOD = 'sim.assistant-2024-11-20';
const NEW = 'sim.assistant-2025-02-14';

/**
 * @example
 * pinStoreContract('FakePinStore', () => new FakePinStore());
 */
export function pinStoreContract(name: string, create: PinStoreFactory): void {
  describe(`PinStore contract: ${name}`, () => {
    it('hosts versions numbered from 1 and reads their pins back', async () => {
      const pins = await create();

      const first = await pins.createHostedVersion({ modelId: GOOD });
      const second = await pins.createHostedVersion({ modelId: NEW, fallbackModelId: GOOD });

      expect([first, second]).toEqual(['1', '2']);
      expect(await pins.getVersion('1')).toStrictEqual({ modelId: GOOD });
      expect(await pins.getVersion('2')).toStrictEqual({ modelId: NEW, fallbackModelId: GOOD });
    });

    it.each([
      ['an undated model id', { modelId: 'gpt-4o' }],
      ['a floating alias', { modelId: GOOD, fallbackModelId: 'claude-3-5-sonnet-latest' }],
      ['no model id', {}],
      ['a model id that is not a string', { modelId: 7 }],
      ['a field the schema does not know', { modelId: GOOD, temperature: 0 }],
      ['a document that is not an object', [GOOD]],
    ])('refuses %s, naming why, and hosts no version', async (_case, document) => {
      const pins = await create();

      await expect(pins.createHostedVersion(document)).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: expect.stringMatching(/^model pins document refused: ./) });

      expect(await pins.createHostedVersion({ modelId: GOOD })).toBe('1');
    });

    it.each([
      ['9', 'does not exist'],
      ['0', 'is not a version number'],
      ['abc', 'is not a version number'],
    ])('refuses the release when version %s is read: it %s', async (version, why) => {
      const pins = await create();
      await pins.createHostedVersion({ modelId: GOOD });

      await expect(pins.getVersion(version)).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: expect.stringContaining(why) });
    });

    it('has no deployed version until a deployment, then the last one deployed', async () => {
      const pins = await create();
      const before = await pins.deployedVersion();
      await pins.createHostedVersion({ modelId: GOOD });
      await pins.createHostedVersion({ modelId: NEW });

      await pins.deploy('1', 'initial pins');
      await pins.deploy('2', 'new snapshot');

      expect(before).toBeUndefined();
      expect(await pins.deployedVersion()).toBe('2');
    });

    it('says what was deployed before a deployment: the configuration of the last one numbered below it', async () => {
      const pins = await create();
      for (const modelId of [GOOD, NEW]) await pins.deploy(await pins.createHostedVersion({ modelId }), modelId);
      await pins.deploy('1', 'back to the first');

      const before = await Promise.all([1, 2, 3, 4].map((deploymentNumber) => pins.deployedVersionBefore(deploymentNumber)));

      expect(before).toEqual([undefined, '1', '2', '1']);
    });

    it('reads the description a deployment was started with, and none for an empty one', async () => {
      const pins = await create();
      await pins.createHostedVersion({ modelId: GOOD });
      await pins.deploy('1', '[evalgate] rollback of release r-1');
      await pins.deploy('1', '');

      expect(await pins.deploymentDescription(1)).toBe('[evalgate] rollback of release r-1');
      expect(await pins.deploymentDescription(2)).toBeUndefined();
    });

    it('deploys nothing when the version does not exist', async () => {
      const pins = await create();
      await pins.deploy(await pins.createHostedVersion({ modelId: GOOD }), 'initial pins');

      await expect(pins.deploy('9', 'missing')).rejects.toThrow();

      expect(await pins.deployedVersion()).toBe('1');
      expect(await pins.deployedVersionBefore(3)).toBe('1');
    });

    it('runs one deployment at a time: while one bakes, another is refused, and it serves its configuration', async () => {
      const pins = (await create()) as BakingPinStore;
      for (const modelId of [GOOD, NEW]) await pins.createHostedVersion({ modelId });
      await pins.deploy('1', 'initial pins');
      await pins.startDeployment('2', 'a person, with a bake');

      await expect(pins.deploy('1', '[evalgate] revert')).rejects.toMatchObject({ name: 'DeploymentInProgressError' });

      expect(await pins.deployedVersion()).toBe('2');
      expect(await pins.inProgressDeployment()).toEqual({ deploymentNumber: 2, configurationVersion: '2', ofPins: true });
      pins.completeDeployment();
      expect(await pins.inProgressDeployment()).toBeUndefined();
      await pins.deploy('1', '[evalgate] revert');
      expect(await pins.deployedVersion()).toBe('1');
    });

    it('rolls a baking deployment back to the configuration before it when it is stopped', async () => {
      const pins = (await create()) as BakingPinStore;
      for (const modelId of [GOOD, NEW]) await pins.createHostedVersion({ modelId });
      await pins.deploy('1', 'initial pins');
      await pins.startDeployment('2', 'a person, with a bake');

      await pins.stopDeployment(2);

      expect(await pins.deployedVersion()).toBe('1');
      expect(await pins.inProgressDeployment()).toBeUndefined();
      expect(await pins.deployedVersionBefore(3)).toBe('1');
      await pins.deploy('2', 'again, at once');
      expect(await pins.deployedVersion()).toBe('2');
    });
  });
}
