import { beforeEach, describe, expect, it } from 'vitest';
import { promote, rollback, shiftTraffic } from '../../../functions/release/traffic';
import type { Release } from '../../../functions/release/state';
import { TrafficVerificationError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, releaseOf, versionOf, type FakeWorld } from '../../helpers/fakes';

const TARGET = { functionName: FUNCTION, alias: ALIAS };
/** `null`: the stable version predates pin tracking (no configuration version to return to). */
const modelRelease = (previousConfigurationVersion: string | null = '2'): Release =>
  releaseOf({
    candidateVersion: '6',
    change: { source: 'appconfig', kind: 'model' },
    pins: { configurationVersion: '3', ...(previousConfigurationVersion ? { previousConfigurationVersion } : {}), proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
  });

describe('traffic', () => {
  let world: FakeWorld;

  beforeEach(() => {
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
  });

  it.each([
    [5, { version: '5', additionalWeights: { '6': 0.05 } }],
    [25, { version: '5', additionalWeights: { '6': 0.25 } }],
    [100, { version: '6', additionalWeights: {} }],
  ])('shifts %i%% to the candidate and verifies it', async (weight, routing) => {
    // Prepare
    world.clock.set('2025-01-01T10:20:00Z');

    // Act
    const step = await shiftTraffic({ release: releaseOf(), step: 1, weight }, world);

    // Assess
    expect(step).toEqual({ step: 1, weight, shiftedAt: '2025-01-01T10:20:00.000Z' });
    expect(await world.router.getRouting(TARGET)).toEqual(routing);
  });

  it('fails when the alias does not read back as written', async () => {
    // Prepare: someone points the alias back at 5 right after our write.
    world.router.interfere = () => ({ version: '5', additionalWeights: {} });

    // Act
    const act = shiftTraffic({ release: releaseOf(), step: 0, weight: 5 }, world);

    // Assess
    await expect(act).rejects.toThrow(
      new TrafficVerificationError('alias live of assistant did not read back as 5% on 6 (rest on 5): it routes to 5 with additional weights {}'),
    );
  });

  it('promotes: all traffic on the candidate', async () => {
    // Prepare
    await shiftTraffic({ release: releaseOf(), step: 0, weight: 25 }, world);

    // Act
    const promotion = await promote(releaseOf(), world);

    // Assess
    expect(promotion).toEqual({ version: '6', promotedAt: '2025-01-01T10:00:00.000Z' });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '6', additionalWeights: {} });
  });

  describe('promote of a model-pin change', () => {
    it('leaves AppConfig alone when it already serves the release\'s pins (the trigger deployed them)', async () => {
      // Prepare
      await world.pinStore.deploy('3', 'the pin change that started the release');

      // Act
      await promote(modelRelease(), world);

      // Assess
      expect(world.pinStore.deployments.map((d) => d.configurationVersion)).toEqual(['3']);
    });

    it('deploys the release\'s pins once all traffic is on the candidate when AppConfig does not serve them (started by hand)', async () => {
      // Prepare
      const aliasAtDeploy: unknown[] = [];
      const deploy = world.pinStore.deploy.bind(world.pinStore);
      world.pinStore.deploy = async (version, description) => {
        aliasAtDeploy.push(await world.router.getRouting(TARGET));
        await deploy(version, description);
      };

      // Act
      const promotion = await promote(modelRelease(), world);

      // Assess
      expect(promotion).toEqual({ version: '6', promotedAt: '2025-01-01T10:00:00.000Z' });
      expect(world.pinStore.deployments).toEqual([{ configurationVersion: '3', description: '[evalgate] promotion of release rel-1' }]);
      expect(aliasAtDeploy).toEqual([{ version: '6', additionalWeights: {} }]);
    });

    it('promotes without touching AppConfig when the pipeline has no pin store (modelPins: false)', async () => {
      // Act
      const promotion = await promote(modelRelease(), { router: world.router, clock: world.clock });

      // Assess
      expect(promotion.version).toBe('6');
      expect(world.pinStore.deployments).toEqual([]);
    });
  });

  describe('rollback', () => {
    it.each([
      ['a canary step', 5],
      ['a promotion whose finalize failed', 100],
    ])('puts all traffic back on stable after %s, leaving pins alone for a code change', async (_name, weight) => {
      // Prepare
      await shiftTraffic({ release: releaseOf(), step: 0, weight }, world);

      // Act
      const result = await rollback(releaseOf(), world);

      // Assess
      expect(result).toEqual({ version: '5', trafficReverted: true, pinsReverted: false, rolledBackAt: '2025-01-01T10:00:00.000Z' });
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      expect(world.pinStore.deployments).toEqual([]);
    });

    it('is idempotent: a second rollback finds the work done', async () => {
      // Prepare
      await shiftTraffic({ release: modelRelease(), step: 0, weight: 5 }, world);
      await world.pinStore.deploy('3', 'the pin change that started the release');
      await rollback(modelRelease(), world);
      const writes = world.router.writes.length;

      // Act
      const again = await rollback(modelRelease(), world);

      // Assess
      expect(again).toMatchObject({ trafficReverted: false, pinsReverted: false });
      expect(world.router.writes).toHaveLength(writes);
      expect(world.pinStore.deployments.map((d) => d.configurationVersion)).toEqual(['3', '2']);
    });

    it('reverts the pins of a model change to the configuration the stable version runs', async () => {
      // Prepare
      await world.pinStore.deploy('3', 'the pin change that started the release');
      await shiftTraffic({ release: modelRelease(), step: 0, weight: 5 }, world);

      // Act
      const result = await rollback(modelRelease(), world);

      // Assess
      expect(result).toMatchObject({ trafficReverted: true, pinsReverted: true });
      expect(await world.pinStore.deployedVersion()).toBe('2');
      expect(world.pinStore.deployments.at(-1)).toEqual({ configurationVersion: '2', description: '[evalgate] rollback of release rel-1' });
    });

    it('leaves a configuration deployed after the release\'s own alone', async () => {
      // Prepare: the release's 3, then someone's 4.
      world.pinStore.add('4', { modelId: 'sim.assistant-2025-04-01' });
      await world.pinStore.deploy('3', 'the pin change that started the release');
      await world.pinStore.deploy('4', 'a newer snapshot');
      await shiftTraffic({ release: modelRelease(), step: 0, weight: 5 }, world);

      // Act
      const result = await rollback(modelRelease(), world);

      // Assess
      expect(result).toMatchObject({ trafficReverted: true, pinsReverted: false });
      expect(await world.pinStore.deployedVersion()).toBe('4');
    });

    it.each([
      ['the previous configuration is still deployed', '2'],
      ['the stable version predates pin tracking', null],
    ])('leaves the pins alone when %s', async (_name, previous) => {
      // Act
      const result = await rollback(modelRelease(previous), world);

      // Assess
      expect(result).toMatchObject({ trafficReverted: false, pinsReverted: false });
      expect(world.pinStore.deployments).toEqual([]);
    });

    describe('without a pin store (modelPins: false)', () => {
      const withoutPins = () => ({ router: world.router, clock: world.clock });

      it.each([
        ['a code change', releaseOf()],
        ['a model change whose stable version predates pin tracking', modelRelease(null)],
      ])('rolls back %s: it never needs the store', async (_name, release) => {
        // Prepare
        await shiftTraffic({ release, step: 0, weight: 25 }, world);

        // Act
        const result = await rollback(release, withoutPins());

        // Assess
        expect(result).toEqual({ version: '5', trafficReverted: true, pinsReverted: false, rolledBackAt: '2025-01-01T10:00:00.000Z' });
        expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      });

      it('puts traffic back on stable, then fails naming the pins to revert by hand, for a release with pins', async () => {
        // Prepare: a model-pin release started before the pipeline was redeployed with modelPins: false.
        await shiftTraffic({ release: modelRelease(), step: 0, weight: 25 }, world);

        // Act
        const act = rollback(modelRelease(), withoutPins());

        // Assess
        await expect(act).rejects.toThrow(/no pin store \(modelPins: false\): traffic is back on 5, deploy model pins configuration version 2 in AppConfig by hand$/);
        expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      });
    });

    it('fails when the alias does not read back on stable', async () => {
      // Prepare
      await shiftTraffic({ release: releaseOf(), step: 0, weight: 5 }, world);
      world.router.interfere = (written) => ({ ...written, additionalWeights: { '6': 0.5 } });

      // Act
      const act = rollback(releaseOf(), world);

      // Assess
      await expect(act).rejects.toBeInstanceOf(TrafficVerificationError);
    });
  });
});
