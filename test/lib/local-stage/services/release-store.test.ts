import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { emptyReleases, LocalReleaseStore } from '../../../../lib/local-stage/services/release-store';
import type { ReleaseRecord, TestEvidence } from '../../../../functions/release/state';
import { releaseOf } from '../../../helpers/fakes';
import { FakeClock } from '../../../helpers/fakes/clock';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const KEY = 'assistant:live';
const storeIn = (dir: string, clock = new FakeClock('2025-01-01T10:00:00Z')) => new LocalReleaseStore(new JsonFile(join(dir, 'releases.json'), emptyReleases()), clock);
const inMinutes = (clock: FakeClock, minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
const record = (releaseId: string, endedAt: string, outcome: ReleaseRecord['outcome'] = 'promoted'): ReleaseRecord => ({
  releaseId,
  functionName: 'assistant',
  alias: 'live',
  outcome,
  reasons: [],
  input: {},
  endedAt,
});

describe('LocalReleaseStore', () => {
  describe('the lock', () => {
    it('is taken by one release at a time, also across instances', async () => {
      const dir = tempDir();
      const clock = new FakeClock('2025-01-01T10:00:00Z');

      expect(await storeIn(dir, clock).acquireLock(KEY, 'r-1', inMinutes(clock, 60))).toEqual({ acquired: true });
      expect(await storeIn(dir, clock).acquireLock(KEY, 'r-2', inMinutes(clock, 60))).toEqual({ acquired: false, heldBy: 'r-1' });
      expect(await storeIn(dir, clock).acquireLock('other:live', 'r-2', inMinutes(clock, 60))).toEqual({ acquired: true });
    });

    it('can be taken again by its holder (a retried Prepare)', async () => {
      const clock = new FakeClock();
      const store = storeIn(tempDir(), clock);
      await store.acquireLock(KEY, 'r-1', inMinutes(clock, 60));

      expect(await store.acquireLock(KEY, 'r-1', inMinutes(clock, 90))).toEqual({ acquired: true });
    });

    it('can be taken over once it expired (a release that died)', async () => {
      // Prepare
      const clock = new FakeClock('2025-01-01T10:00:00Z');
      const store = storeIn(tempDir(), clock);
      await store.acquireLock(KEY, 'r-1', inMinutes(clock, 60));

      // Act
      clock.set('2025-01-01T11:00:00Z');
      const atExpiry = await store.acquireLock(KEY, 'r-2', inMinutes(clock, 60));
      clock.set('2025-01-01T11:00:01Z');
      const afterExpiry = await store.acquireLock(KEY, 'r-2', inMinutes(clock, 60));

      // Assess
      expect(atExpiry).toEqual({ acquired: false, heldBy: 'r-1' });
      expect(afterExpiry).toEqual({ acquired: true });
      expect(store.locks()[KEY]).toEqual({ releaseId: 'r-2', expiresAt: Date.parse('2025-01-01T12:00:01Z') / 1000 });
    });

    it('is released only by its holder, idempotently', async () => {
      // Prepare
      const clock = new FakeClock();
      const store = storeIn(tempDir(), clock);
      await store.acquireLock(KEY, 'r-1', inMinutes(clock, 60));

      // Act
      await store.releaseLock(KEY, 'r-2');
      const afterStranger = await store.acquireLock(KEY, 'r-3', inMinutes(clock, 60));
      await store.releaseLock(KEY, 'r-1');
      await store.releaseLock(KEY, 'r-1');

      // Assess
      expect(afterStranger).toEqual({ acquired: false, heldBy: 'r-1' });
      expect(await store.acquireLock(KEY, 'r-3', inMinutes(clock, 60))).toEqual({ acquired: true });
    });

    it('carries the release its holder attaches, read back across instances', async () => {
      // Prepare
      const dir = tempDir();
      const clock = new FakeClock('2025-01-01T10:00:00Z');
      const store = storeIn(dir, clock);
      await store.acquireLock(KEY, 'r-1', inMinutes(clock, 60));
      const prepared = await storeIn(dir, clock).getLock(KEY);

      // Act
      const byStranger = await store.attachRelease(KEY, 'r-2', releaseOf({ releaseId: 'r-2' }));
      const byHolder = await store.attachRelease(KEY, 'r-1', releaseOf({ releaseId: 'r-1' }));

      // Assess
      expect(prepared).toEqual({ heldBy: 'r-1', expiresAt: new Date('2025-01-01T11:00:00Z') });
      expect([byStranger, byHolder]).toEqual([false, true]);
      expect(await storeIn(dir, clock).getLock(KEY)).toEqual({ heldBy: 'r-1', expiresAt: new Date('2025-01-01T11:00:00Z'), release: releaseOf({ releaseId: 'r-1' }) });
      await store.releaseLock(KEY, 'r-1');
      expect(await store.attachRelease(KEY, 'r-1', releaseOf({ releaseId: 'r-1' }))).toBe(false);
      expect(await store.getLock(KEY)).toBeUndefined();
    });

    it('is fenced only by its holder, keeping the first mark, read back across instances', async () => {
      // Prepare
      const dir = tempDir();
      const clock = new FakeClock('2025-01-01T10:00:00Z');
      const store = storeIn(dir, clock);
      await store.acquireLock(KEY, 'r-1', inMinutes(clock, 60));

      // Act
      await store.fenceLock(KEY, 'r-2', 'not its lock');
      const byStranger = await store.getLock(KEY);
      await store.fenceLock(KEY, 'r-1', 'aborted by alice');
      clock.set('2025-01-01T10:05:00Z');
      await store.fenceLock(KEY, 'r-1', 'a repeated event');
      await store.fenceLock('other:live', 'r-1', 'no lock there');

      // Assess
      expect(byStranger?.stopping).toBeUndefined();
      expect(await storeIn(dir, clock).getLock(KEY)).toEqual({
        heldBy: 'r-1',
        expiresAt: new Date('2025-01-01T11:00:00Z'),
        stopping: { since: new Date('2025-01-01T10:00:00Z'), reason: 'aborted by alice' },
      });
      expect(store.locks()['other:live']).toBeUndefined();
    });
  });

  it('lists the newest records first, per function and alias, across instances', async () => {
    // Prepare
    const dir = tempDir();
    const store = storeIn(dir);
    await store.putRecord(record('r-1', '2025-01-01T10:00:00.000Z'));
    await store.putRecord(record('r-3', '2025-01-03T10:00:00.000Z', 'rolled-back'));
    await store.putRecord(record('r-2', '2025-01-02T10:00:00.000Z', 'blocked'));
    await store.putRecord({ ...record('r-9', '2025-01-09T10:00:00.000Z'), alias: 'beta' });
    // A retried Finalize writes the same item again.
    await store.putRecord(record('r-1', '2025-01-01T10:00:00.000Z', 'failed'));

    // Act
    const recent = await storeIn(dir).recentRecords('assistant', 'live', 2);
    const all = await storeIn(dir).recentRecords('assistant', 'live', 10);

    // Assess
    expect(recent.map((r) => [r.releaseId, r.outcome])).toEqual([['r-3', 'rolled-back'], ['r-2', 'blocked']]);
    expect(all.map((r) => [r.releaseId, r.outcome])).toEqual([['r-3', 'rolled-back'], ['r-2', 'blocked'], ['r-1', 'failed']]);
  });

  it('keeps one record per release when a retried Finalize writes it again later', async () => {
    const dir = tempDir();
    const started = { startedAt: '2025-01-01T09:00:00.000Z' };
    await storeIn(dir).putRecord({ ...record('r-1', '2025-01-01T10:00:00.000Z'), ...started });
    await storeIn(dir).putRecord({ ...record('r-1', '2025-01-01T10:00:09.000Z'), ...started });

    expect((await storeIn(dir).recentRecords('assistant', 'live', 10)).map((r) => [r.releaseId, r.endedAt])).toEqual([['r-1', '2025-01-01T10:00:09.000Z']]);
  });

  it('finds the record of one release among those that ended since it started', async () => {
    // Prepare
    const dir = tempDir();
    await storeIn(dir).putRecord(record('r-1', '2025-01-01T10:00:00.000Z'));
    await storeIn(dir).putRecord(record('r-2', '2025-01-02T10:00:00.000Z'));

    // Act
    const find = (releaseId: string, since: string, alias = 'live') => storeIn(dir).findRecord('assistant', alias, releaseId, new Date(since));

    // Assess
    expect((await find('r-2', '2025-01-02T09:00:00Z'))?.releaseId).toBe('r-2');
    expect(await find('r-1', '2025-01-02T09:00:00Z')).toBeUndefined();
    expect(await find('r-2', '2025-01-02T09:00:00Z', 'beta')).toBeUndefined();
  });

  it('keeps test evidence by code hash', async () => {
    const dir = tempDir();
    const evidence: TestEvidence = { source: 's3-junit', reference: 's3://ci/junit.xml', tests: 12, failures: 0, errors: 0, skipped: 1 };
    await storeIn(dir).recordTestEvidence('assistant', 'code-6', evidence);

    expect(await storeIn(dir).getTestEvidence('assistant', 'code-6')).toEqual(evidence);
    expect(await storeIn(dir).getTestEvidence('assistant', 'code-7')).toBeUndefined();
    expect(await storeIn(dir).getTestEvidence('other', 'code-6')).toBeUndefined();
  });
});
