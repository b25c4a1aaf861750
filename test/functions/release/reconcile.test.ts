import { beforeEach, describe, expect, it } from 'vitest';
import { releaseAlarmNames } from '../../../functions/release/alarm-specs';
import { lockKey } from '../../../functions/release/prepare';
import { reconcile, stopReasons, type ReconcileDeps, type StoppedExecution } from '../../../functions/release/reconcile';
import type { Release } from '../../../functions/release/state';
import { shiftTraffic } from '../../../functions/release/traffic';
import { ReleaseStoppedError, TrafficVerificationError, TransientReleaseError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, releaseOf, type FakeWorld } from '../../helpers/fakes';

const KEY = lockKey(FUNCTION, ALIAS);
const TARGET = { functionName: FUNCTION, alias: ALIAS };
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual' } };
const CAUSE = 'aborted by alice: bad answers on slack';
const stopped = (overrides: Partial<StoppedExecution> = {}): StoppedExecution => ({
  executionName: 'rel-1',
  status: 'ABORTED',
  input: JSON.stringify(input),
  startedAt: new Date('2025-01-01T10:00:00Z'),
  cause: CAUSE,
  ...overrides,
});
const modelRelease = releaseOf({
  candidateVersion: '7',
  change: { source: 'appconfig', kind: 'model' },
  pins: { configurationVersion: '3', previousConfigurationVersion: '2', proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
});

describe('reconcile', () => {
  let world: FakeWorld;
  let deps: ReconcileDeps;

  /** A release stopped mid-canary: `weight`% on its candidate, lock held with the Release, alarms in place. */
  async function midCanary(release: Release = releaseOf(), weight = 25): Promise<void> {
    world.registry.add({ functionName: FUNCTION, version: release.candidateVersion, codeSha256: release.codeSha256, environment: {} });
    await world.releaseStore.acquireLock(KEY, release.releaseId, new Date('2025-01-01T16:00:00Z'));
    await world.releaseStore.attachRelease(KEY, release.releaseId, release);
    for (const name of release.alarmNames) world.healthSource.setAlarm(name, 'OK');
    await world.router.setWeight(TARGET, release.stableVersion, release.candidateVersion, weight);
  }

  beforeEach(() => {
    world = fakeWorld();
    world.clock.set('2025-01-01T10:40:00Z');
    deps = world;
  });

  describe('a release stopped after Prepare', () => {
    it('puts the alias back at 100% on stable, removes the alarms, frees the lock, records and notifies aborted', async () => {
      // Prepare
      await midCanary();

      // Act
      const result = await reconcile(stopped(), deps);

      // Assess
      const reasons = [CAUSE, 'alias live back at 100% on version 5'];
      expect(result).toEqual({ status: 'reconciled', releaseId: 'rel-1', outcome: 'aborted', reasons, recordKey: 'releases/rel-1/record.json' });
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      expect(world.healthSource.alarms.size).toBe(0);
      expect(world.releaseStore.locks.size).toBe(0);
      const record = world.releaseStore.records.get('rel-1');
      expect(record).toMatchObject({ outcome: 'aborted', reasons, input, release: releaseOf(), startedAt: '2025-01-01T10:00:00.000Z', endedAt: '2025-01-01T10:40:00.000Z' });
      expect(await world.reportStore.getJson('releases/rel-1/record.json')).toEqual(record);
      expect(world.notifier.messages.map((m) => m.subject)).toEqual(['evalgate: assistant:live 5 -> 6 aborted']);
    });

    it('reverts the model pins of a model change', async () => {
      // Prepare
      await midCanary(modelRelease, 5);
      await world.pinStore.deploy('3', 'the change that started the release');

      // Act
      const result = await reconcile(stopped(), deps);

      // Assess
      expect(await world.pinStore.deployedVersion()).toBe('2');
      expect(world.pinStore.deployments.at(-1)?.description).toMatch(/rel-1/);
      expect(result).toMatchObject({ reasons: [CAUSE, 'alias live back at 100% on version 5', expect.stringMatching(/^model pins .*configuration 2/)] });
      expect(world.releaseStore.records.get('rel-1')?.outcome).toBe('aborted');
    });

    it('says the alias was already on stable when the release had not shifted yet', async () => {
      // Prepare: stopped during the evals.
      await midCanary(releaseOf(), 0);
      const writes = world.router.writes.length;

      // Act
      const result = await reconcile(stopped({ status: 'TIMED_OUT', cause: undefined }), deps);

      // Assess
      expect(result).toMatchObject({ reasons: ['timed out: the execution ran longer than the state machine allows', 'alias live already at 100% on version 5'] });
      expect(world.router.writes).toHaveLength(writes);
      expect(world.releaseStore.locks.size).toBe(0);
    });

    it('finishes on a retry what a partial failure left, with the Release still on the lock', async () => {
      // Prepare
      await midCanary();
      world.releaseStore.failNext('putRecord', new Error('ProvisionedThroughputExceededException'));

      // Act
      const first = reconcile(stopped(), deps);
      await expect(first).rejects.toBeInstanceOf(TransientReleaseError);
      const lockAfterFailure = world.releaseStore.locks.get(KEY);
      const retry = await reconcile(stopped(), deps);

      // Assess: the first attempt kept the lock, so the retry knew the release and recorded it.
      expect(lockAfterFailure?.release).toEqual(releaseOf());
      expect(retry).toMatchObject({ status: 'reconciled', reasons: [CAUSE, 'alias live already at 100% on version 5'] });
      expect(world.releaseStore.records.get('rel-1')?.outcome).toBe('aborted');
      expect(world.releaseStore.locks.size).toBe(0);
      expect(world.healthSource.alarms.size).toBe(0);
    });

    it('keeps the lock when the rollback does not read back, so a retry can finish it', async () => {
      // Prepare
      await midCanary();
      world.router.interfere = () => ({ version: '5', additionalWeights: { '6': 0.25 } });

      // Act
      const act = reconcile(stopped(), deps);

      // Assess
      await expect(act).rejects.toBeInstanceOf(TrafficVerificationError);
      expect(world.releaseStore.locks.get(KEY)?.release).toEqual(releaseOf());
      expect(world.releaseStore.records.size).toBe(0);
    });

    it('fences the lock, with why the release stopped, before it moves the alias', async () => {
      // Prepare
      await midCanary();
      const lockAtRollback: unknown[] = [];
      const setWeight = world.router.setWeight.bind(world.router);
      world.router.setWeight = async (...args) => {
        lockAtRollback.push(world.releaseStore.locks.get(KEY)?.stopping);
        await setWeight(...args);
      };

      // Act
      await reconcile(stopped(), deps);

      // Assess
      expect(lockAtRollback).toEqual([{ since: new Date('2025-01-01T10:40:00Z'), reason: CAUSE }]);
    });

    it('keeps everything for a retry when the fence cannot be written', async () => {
      // Prepare
      await midCanary();
      world.releaseStore.failNext('fenceLock', new Error('ProvisionedThroughputExceededException'));

      // Act
      const act = reconcile(stopped(), deps);

      // Assess
      await expect(act).rejects.toThrow('ProvisionedThroughputExceededException');
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
      expect(world.releaseStore.locks.get(KEY)?.release).toEqual(releaseOf());
      expect(world.releaseStore.records.size).toBe(0);
    });

    describe('with a ShiftTraffic in flight when the execution stopped', () => {
      it('overwrites a shift that landed before the fence: the rollback wins', async () => {
        // Prepare: the shift wrote 50% and read the lock unfenced before the reconciler started.
        await midCanary();
        await shiftTraffic({ release: releaseOf(), step: 2, weight: 50 }, world);

        // Act
        const result = await reconcile(stopped(), deps);

        // Assess
        expect(result).toMatchObject({ status: 'reconciled', reasons: [CAUSE, 'alias live back at 100% on version 5'] });
        expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      });

      it('leaves no split when the shift lands after the rollback, while the lock is fenced: the shift undoes itself', async () => {
        // Prepare: the shift lands while Finalize's clean-up runs, after the rollback and before the lock is freed.
        await midCanary();
        let shift: Promise<unknown> | undefined;
        const deleteAlarms = world.healthSource.deleteAlarms.bind(world.healthSource);
        world.healthSource.deleteAlarms = async (names) => {
          shift ??= shiftTraffic({ release: releaseOf(), step: 2, weight: 50 }, world).catch((error: unknown) => error);
          await shift;
          await deleteAlarms(names);
        };

        // Act
        const result = await reconcile(stopped(), deps);

        // Assess
        expect(result).toMatchObject({ status: 'reconciled', reasons: [CAUSE, 'alias live back at 100% on version 5'] });
        expect(await shift).toBeInstanceOf(ReleaseStoppedError);
        expect(world.router.writes.slice(-3)).toEqual([
          { version: '5', additionalWeights: {} },
          { version: '5', additionalWeights: { '6': 0.5 } },
          { version: '5', additionalWeights: {} },
        ]);
        expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      });

      it('leaves no split when the shift lands after the lock was freed: the shift undoes itself', async () => {
        // Prepare
        await midCanary();
        await reconcile(stopped(), deps);

        // Act
        const act = shiftTraffic({ release: releaseOf(), step: 2, weight: 50 }, world);

        // Assess
        await expect(act).rejects.toBeInstanceOf(ReleaseStoppedError);
        expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
      });
    });

    it('does nothing more for a repeated event', async () => {
      // Prepare
      await midCanary();
      await reconcile(stopped(), deps);
      world.clock.advance(60_000);

      // Act
      const again = await reconcile(stopped(), deps);

      // Assess
      expect(again).toEqual({ status: 'already-ended', releaseId: 'rel-1', outcome: 'aborted', reason: 'release rel-1 already ended aborted' });
      expect(world.notifier.messages).toHaveLength(1);
      expect(world.releaseStore.records.get('rel-1')?.endedAt).toBe('2025-01-01T10:40:00.000Z');
    });
  });

  it('frees the lock and deletes the alarms of a release stopped inside Prepare, touching no traffic', async () => {
    // Prepare: the lock taken and the alarms created, the Release not yet attached.
    await world.releaseStore.acquireLock(KEY, 'rel-1', new Date('2025-01-01T16:00:00Z'));
    for (const name of releaseAlarmNames('rel-1')) world.healthSource.setAlarm(name, 'INSUFFICIENT_DATA');

    // Act
    const result = await reconcile(stopped(), deps);

    // Assess
    expect(result).toMatchObject({
      status: 'reconciled',
      reasons: [CAUSE, 'stopped while preparing, before any traffic moved: lock of assistant:live freed, release alarms deleted'],
    });
    expect(world.releaseStore.locks.size).toBe(0);
    expect(world.healthSource.alarms.size).toBe(0);
    expect(world.router.writes).toEqual([]);
    expect(world.releaseStore.records.get('rel-1')).toMatchObject({ outcome: 'aborted', functionName: FUNCTION, alias: ALIAS });
  });

  it('records a release that never held the lock without touching the alias or the lock another release holds', async () => {
    // Prepare: rel-0 is mid-canary; rel-1 was stopped before its Prepare could take the lock.
    await midCanary(releaseOf({ releaseId: 'rel-0', alarmNames: ['evalgate-rel-0-errors'] }));

    // Act
    const result = await reconcile(stopped(), deps);

    // Assess
    expect(result).toMatchObject({
      status: 'reconciled',
      reasons: [CAUSE, 'nothing to undo: release rel-1 never held the lock of assistant:live (release rel-0 holds it, untouched)'],
    });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
    expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-0');
    expect([...world.healthSource.alarms.keys()]).toEqual(['evalgate-rel-0-errors']);
    expect(world.releaseStore.records.get('rel-1')).toMatchObject({ outcome: 'aborted' });
    expect(world.notifier.messages.map((m) => m.subject)).toEqual(['evalgate: assistant:live aborted']);
  });

  it('leaves the outcome of a release stopped during its Finalize, freeing what the Finalize did not', async () => {
    // Prepare: FinalizePromoted wrote the record, then the execution stopped before it freed the lock.
    await midCanary(releaseOf(), 100);
    await world.releaseStore.putRecord({ releaseId: 'rel-1', ...TARGET, outcome: 'promoted', reasons: [], input, endedAt: '2025-01-01T10:39:00.000Z' });

    // Act
    const result = await reconcile(stopped(), deps);

    // Assess
    expect(result).toEqual({ status: 'already-ended', releaseId: 'rel-1', outcome: 'promoted', reason: 'release rel-1 already ended promoted; its lock of assistant:live freed' });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '6', additionalWeights: {} });
    expect(world.releaseStore.locks.size).toBe(0);
    expect(world.healthSource.alarms.size).toBe(0);
    expect(world.releaseStore.records.get('rel-1')?.outcome).toBe('promoted');
    expect(world.notifier.messages).toEqual([]);
  });

  describe('a FAILED execution', () => {
    const failed = (overrides: Partial<StoppedExecution> = {}) =>
      stopped({ status: 'FAILED', error: 'RollbackFailed', cause: 'rollback failed after its retries: the alias may still be split', ...overrides });

    it('leaves a release that ended through its Finalize as it is: blocked, nothing to undo', async () => {
      // Prepare
      await world.releaseStore.putRecord({ releaseId: 'rel-1', ...TARGET, outcome: 'blocked', reasons: ['echo pass rate 0.67 < 0.90'], input, release: releaseOf(), endedAt: '2025-01-01T10:39:00.000Z' });

      // Act
      const result = await reconcile(failed({ error: 'GateBlocked', cause: 'the eval gate did not pass' }), deps);

      // Assess
      expect(result).toEqual({ status: 'already-ended', releaseId: 'rel-1', outcome: 'blocked', reason: 'release rel-1 already ended blocked' });
      expect(world.router.writes).toEqual([]);
      expect(world.notifier.messages).toEqual([]);
    });

    it('puts the alias back on stable once more when its Rollback failed after all its retries, leaving it split', async () => {
      // Prepare: FinalizeRollbackFailed recorded the failure and freed the lock; the alias is still at 25%
      await midCanary(releaseOf(), 25);
      await world.releaseStore.releaseLock(KEY, 'rel-1');
      await world.releaseStore.putRecord({ releaseId: 'rel-1', ...TARGET, outcome: 'failed', reasons: ['TrafficVerificationError: alias live did not read back'], input, release: releaseOf(), endedAt: '2025-01-01T10:39:00.000Z' });

      // Act
      const result = await reconcile(failed(), deps);

      // Assess
      expect(result).toEqual({ status: 'already-ended', releaseId: 'rel-1', outcome: 'failed', reason: 'release rel-1 already ended failed; alias live was still split: put back at 100% on version 5' });
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
    });

    it('touches no alias another release has locked since', async () => {
      await midCanary(releaseOf({ releaseId: 'rel-2' }), 25);
      await world.releaseStore.putRecord({ releaseId: 'rel-1', ...TARGET, outcome: 'failed', reasons: [], input, release: releaseOf(), endedAt: '2025-01-01T10:39:00.000Z' });
      await reconcile(failed(), deps);
      expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
      expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-2');
    });

    it('ends a release whose Finalize failed for good: rolled back, cleaned up and recorded failed', async () => {
      // Prepare: no record; the lock with its Release is still held
      await midCanary(releaseOf(), 25);

      // Act
      const result = await reconcile(failed({ error: 'DeploymentInProgressError', cause: 'another deployment is in progress' }), deps);

      // Assess
      expect(result).toMatchObject({ status: 'reconciled', outcome: 'failed', reasons: ['failed before its Finalize completed: DeploymentInProgressError: another deployment is in progress', 'alias live back at 100% on version 5'] });
      expect(world.releaseStore.records.get('rel-1')?.outcome).toBe('failed');
      expect(world.releaseStore.locks.size).toBe(0);
      expect(world.healthSource.alarms.size).toBe(0);
    });
  });

  it.each([
    ['the input is not a release input', JSON.stringify({ target: {} }), /^no release to reconcile: invalid release input: /],
    ['the input is not JSON', '{', 'no release to reconcile: the execution input is not JSON'],
    ['the event has no input', undefined, 'no release to reconcile: the event does not include the execution input'],
  ])('does nothing when %s', async (_name, text, reason) => {
    // Act
    const result = await reconcile(stopped({ input: text }), deps);

    // Assess
    expect(result).toMatchObject({ status: 'nothing-to-do', releaseId: 'rel-1', reason: expect.stringMatching(reason) });
    expect(world.releaseStore.records.size).toBe(0);
    expect(world.notifier.messages).toEqual([]);
  });
});

describe('stopReasons', () => {
  it.each<[Parameters<typeof stopReasons>[0], string]>([
    [{ status: 'ABORTED', cause: CAUSE }, CAUSE],
    [{ status: 'ABORTED', error: 'EvalgateAbort', cause: CAUSE }, `EvalgateAbort: ${CAUSE}`],
    [{ status: 'ABORTED' }, 'stopped (StopExecution) without a cause'],
    [{ status: 'ABORTED', error: '', cause: '' }, 'stopped (StopExecution) without a cause'],
    [{ status: 'TIMED_OUT' }, 'timed out: the execution ran longer than the state machine allows'],
    [{ status: 'TIMED_OUT', error: 'States.Timeout' }, 'timed out: States.Timeout'],
  ])('says %j as %j', (execution, reason) => {
    expect(stopReasons(execution)).toEqual([reason]);
  });
});
