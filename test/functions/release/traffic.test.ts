import { beforeEach, describe, expect, it } from 'vitest';
import { lockKey } from '../../../functions/release/prepare';
import { promote, rollback, shiftTraffic } from '../../../functions/release/traffic';
import type { Release } from '../../../functions/release/state';
import { ReleaseStoppedError, TrafficVerificationError, TransientReleaseError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, releaseOf, versionOf, type FakeWorld } from '../../helpers/fakes';

const TARGET = { functionName: FUNCTION, alias: ALIAS };
const KEY = lockKey(FUNCTION, ALIAS);
/** `null`: the stable version predates pin tracking (no configuration version to return to). */
const modelRelease = (previousConfigurationVersion: string | null = '2'): Release =>
  releaseOf({
    candidateVersion: '6',
    change: { source: 'appconfig', kind: 'model' },
    pins: { configurationVersion: '3', ...(previousConfigurationVersion ? { previousConfigurationVersion } : {}), proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
  });

describe('traffic', () => {
  let world: FakeWorld;

  beforeEach(async () => {
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
    // Prepare took the lock for rel-1: ShiftTraffic and Promote read it after moving the alias.
    await world.releaseStore.acquireLock(KEY, 'rel-1', new Date('2025-01-01T16:00:00Z'));
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
      const promotion = await promote(modelRelease(), { router: world.router, clock: world.clock, releaseStore: world.releaseStore });

      // Assess
      expect(promotion.version).toBe('6');
      expect(world.pinStore.deployments).toEqual([]);
    });
  });

  describe('the fence: a release stopped while ShiftTraffic or Promote was in flight', () => {
    const STOPPED = 'release rel-1 was stopped (aborted by alice: bad answers; lock of assistant:live fenced at 2025-01-01T10:00:00.000Z)';

    it('leaves a shift alone while the release holds its lock unfenced, also once the lock expired but was not taken over', async () => {
      // Prepare
      world.clock.set('2025-01-01T17:00:00Z');

      // Act
      const step = await shiftTraffic({ release: releaseOf(), step: 1, weight: 25 }, world);

      // Assess
      expect(step.weight).toBe(25);
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
    });

    it('undoes a shift that lands on a fenced lock: back at 100% on stable, read back', async () => {
      // Prepare: the reconciler fenced the lock and rolled back while the shift was in flight.
      await world.releaseStore.fenceLock(KEY, 'rel-1', 'aborted by alice: bad answers');
      await rollback(releaseOf(), world);

      // Act
      const act = shiftTraffic({ release: releaseOf(), step: 1, weight: 25 }, world);

      // Assess
      await expect(act).rejects.toThrow(new ReleaseStoppedError(`${STOPPED}: its shift to 25% on 6 is undone, alias live back at 100% on 5`));
      expect(world.router.writes.slice(-2)).toEqual([{ version: '5', additionalWeights: { '6': 0.25 } }, { version: '5', additionalWeights: {} }]);
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
    });

    it.each([
      ['free (the reconciler freed it)', undefined, 'release rel-1 no longer holds the lock of assistant:live (it is free)'],
      ['held by another release (ours expired)', 'rel-2', 'release rel-1 no longer holds the lock of assistant:live (release rel-2 does)'],
    ])('undoes a shift when the lock is %s', async (_name, holder, why) => {
      // Prepare
      await world.releaseStore.releaseLock(KEY, 'rel-1');
      if (holder) await world.releaseStore.acquireLock(KEY, holder, new Date('2025-01-01T18:00:00Z'));

      // Act
      const act = shiftTraffic({ release: releaseOf(), step: 0, weight: 5 }, world);

      // Assess
      await expect(act).rejects.toThrow(new ReleaseStoppedError(`${why}: its shift to 5% on 6 is undone, alias live back at 100% on 5`));
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
    });

    it('fails as transient, for the state machine to retry, when the lock cannot be read after the shift', async () => {
      // Prepare
      world.releaseStore.failNext('getLock', new Error('ProvisionedThroughputExceededException'));

      // Act
      const act = shiftTraffic({ release: releaseOf(), step: 1, weight: 25 }, world);

      // Assess: a retry writes the same weight again; nothing is undone.
      await expect(act).rejects.toThrow(new TransientReleaseError('could not read the lock of assistant:live after moving the alias: ProvisionedThroughputExceededException'));
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
    });

    it('fails when the undo does not read back, naming the alias', async () => {
      // Prepare
      await world.releaseStore.fenceLock(KEY, 'rel-1', 'aborted by alice: bad answers');
      world.router.interfere = (written) => ({ ...written, additionalWeights: { '6': 0.05 } });

      // Act
      const act = shiftTraffic({ release: releaseOf(), step: 0, weight: 5 }, world);

      // Assess: the first write read back as written; the undo did not.
      await expect(act).rejects.toThrow(new TrafficVerificationError('alias live of assistant did not read back as 0% on 6 (rest on 5): it routes to 5 with additional weights {"6":0.05}'));
    });

    it('undoes a promotion that lands on a fenced lock, and the pins it deployed, before anything else', async () => {
      // Prepare: a model-pin release started by hand (AppConfig still serves 2), stopped while Promote ran.
      await world.releaseStore.fenceLock(KEY, 'rel-1', 'aborted by alice: bad answers');

      // Act
      const act = promote(modelRelease(), world);

      // Assess
      await expect(act).rejects.toThrow(
        new ReleaseStoppedError(`${STOPPED}: its promotion of 6 is undone, alias live back at 100% on 5, model pins back to configuration 2`),
      );
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      expect(world.pinStore.deployments).toEqual([
        { configurationVersion: '3', description: '[evalgate] promotion of release rel-1' },
        { configurationVersion: '2', description: '[evalgate] promotion of stopped release rel-1 undone' },
      ]);
    });

    it('undoes a code promotion on a freed lock without touching AppConfig', async () => {
      // Prepare
      await world.releaseStore.releaseLock(KEY, 'rel-1');

      // Act
      const act = promote(releaseOf(), world);

      // Assess
      await expect(act).rejects.toThrow(
        new ReleaseStoppedError('release rel-1 no longer holds the lock of assistant:live (it is free): its promotion of 6 is undone, alias live back at 100% on 5'),
      );
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
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
