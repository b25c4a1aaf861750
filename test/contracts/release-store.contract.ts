/**
 * What every ReleaseStore does (functions/ports/release-store.ts), whatever keeps the data: run by
 * release-store.test.ts against the fake, the local stage's file-backed store and the DynamoDB store over dynalite.
 * The DynamoDB store over an implementation of the DynamoDB API is the reference: where another one disagrees,
 * that one is wrong.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../functions/ports/clock';
import type { ReleaseStore } from '../../functions/ports/release-store';
import type { Release, ReleaseRecord, TestEvidence } from '../../functions/release/state';
import { FakeClock } from '../helpers/fakes/clock';

/** A new, empty store reading time from `clock`. */
export type ReleaseStoreFactory = (clock: Clock) => ReleaseStore | Promise<ReleaseStore>;

const KEY = 'assistant:live';
const START = '2025-01-10T10:00:00.000Z';
const at = (time: string) => new Date(`2025-01-10T${time}Z`);
/** What survives the trip through a store: the JSON form (DynamoDB and files keep no undefined members). */
const jsonOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const release = (releaseId: string): Release => ({
  releaseId,
  functionName: 'assistant',
  alias: 'live',
  stableVersion: '5',
  candidateVersion: '6',
  change: { source: 'manual', kind: 'code', commit: undefined },
  codeSha256: 'code-6',
  startedAt: START,
  alarmNames: [`evalgate-${releaseId}-errors`],
  evalShards: [{ suite: 'quality', index: 0, from: 0, to: 20 }],
});

const record = (releaseId: string, times: { startedAt?: string; endedAt: string }, overrides: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  releaseId,
  functionName: 'assistant',
  alias: 'live',
  outcome: 'promoted',
  reasons: ['gate passed'],
  input: { candidate: { version: '6' } },
  gate: undefined,
  ...(times.startedAt === undefined ? {} : { startedAt: at(times.startedAt).toISOString() }),
  endedAt: at(times.endedAt).toISOString(),
  ...overrides,
});

const evidence: TestEvidence = { source: 'codebuild', reference: 'arn:aws:codebuild:eu-west-1:123456789012:report/unit:1', tests: 120, failures: 0, errors: 0, skipped: 2 };

/**
 * @example
 * releaseStoreContract('FakeReleaseStore', (clock) => new FakeReleaseStore(clock));
 */
export function releaseStoreContract(name: string, create: ReleaseStoreFactory): void {
  const setup = async () => {
    const clock = new FakeClock(START);
    return { clock, store: await create(clock) };
  };

  describe(`ReleaseStore contract: ${name}`, () => {
    describe('the lock', () => {
      it('is taken when free and reads back its holder and expiry, with no release and no fence', async () => {
        const { store } = await setup();

        expect(await store.acquireLock(KEY, 'r-1', at('11:00:00'))).toEqual({ acquired: true });

        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-1', expiresAt: at('11:00:00') });
        expect(await store.getLock('other:live')).toBeUndefined();
      });

      it('keeps its expiry to the whole second (the epoch seconds of the DynamoDB item)', async () => {
        const { store } = await setup();

        await store.acquireLock(KEY, 'r-1', at('11:00:00.750'));

        expect((await store.getLock(KEY))?.expiresAt).toEqual(at('11:00:00'));
      });

      it('refuses another release while it is held, naming the holder, and stays as it was', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));

        const refused = await store.acquireLock(KEY, 'r-2', at('12:00:00'));

        expect(refused).toEqual({ acquired: false, heldBy: 'r-1' });
        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-1', expiresAt: at('11:00:00') });
        expect(await store.acquireLock('other:live', 'r-2', at('12:00:00'))).toEqual({ acquired: true });
      });

      it('is taken again by its holder (a retried Prepare), with the new expiry', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));

        expect(await store.acquireLock(KEY, 'r-1', at('11:30:00'))).toEqual({ acquired: true });

        expect(await store.getLock(KEY)).toMatchObject({ heldBy: 'r-1', expiresAt: at('11:30:00') });
      });

      it('is held until the clock is past its expiry second, then taken over without the dead release or its fence', async () => {
        // Prepare
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        await store.attachRelease(KEY, 'r-1', release('r-1'));
        await store.fenceLock(KEY, 'r-1', 'timed out');

        // Act
        clock.set(at('11:00:00.999'));
        const inItsLastSecond = await store.acquireLock(KEY, 'r-2', at('12:00:00'));
        clock.set(at('11:00:01'));
        const afterIt = await store.acquireLock(KEY, 'r-2', at('12:00:01'));

        // Assess
        expect(inItsLastSecond).toEqual({ acquired: false, heldBy: 'r-1' });
        expect(afterIt).toEqual({ acquired: true });
        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-2', expiresAt: at('12:00:01') });
      });

      it('is left alone by the release it was taken over from', async () => {
        // Prepare
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        clock.set(at('11:05:00'));
        await store.acquireLock(KEY, 'r-2', at('12:05:00'));

        // Act
        const attached = await store.attachRelease(KEY, 'r-1', release('r-1'));
        await store.fenceLock(KEY, 'r-1', 'timed out');
        await store.releaseLock(KEY, 'r-1');

        // Assess
        expect(attached).toBe(false);
        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-2', expiresAt: at('12:05:00') });
      });

      it('is won by exactly one of several releases taking it at once', async () => {
        const { store } = await setup();
        const ids = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5'];

        const results = await Promise.all(ids.map((id) => store.acquireLock(KEY, id, at('11:00:00'))));

        const winners = ids.filter((_, i) => results[i]!.acquired);
        expect(winners).toHaveLength(1);
        expect(results.filter((result) => !result.acquired)).toEqual(ids.slice(1).map(() => ({ acquired: false, heldBy: winners[0] })));
        expect((await store.getLock(KEY))?.heldBy).toBe(winners[0]);
      });

      it('is taken over by exactly one of several releases once expired', async () => {
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-0', at('11:00:00'));
        clock.set(at('11:30:00'));
        const ids = ['r-1', 'r-2', 'r-3', 'r-4'];

        const results = await Promise.all(ids.map((id) => store.acquireLock(KEY, id, at('12:30:00'))));

        const winners = ids.filter((_, i) => results[i]!.acquired);
        expect(winners).toHaveLength(1);
        expect(results.filter((result) => !result.acquired)).toEqual(ids.slice(1).map(() => ({ acquired: false, heldBy: winners[0] })));
      });
    });

    describe('the release on the lock', () => {
      it('is attached by the holder only, and read back in its JSON form', async () => {
        // Prepare
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));

        // Act
        const byStranger = await store.attachRelease(KEY, 'r-2', release('r-2'));
        const byHolder = await store.attachRelease(KEY, 'r-1', release('r-1'));

        // Assess
        expect([byStranger, byHolder]).toEqual([false, true]);
        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-1', expiresAt: at('11:00:00'), release: jsonOf(release('r-1')) });
      });

      it('is not attached where no lock is, and creates none', async () => {
        const { store } = await setup();

        expect(await store.attachRelease(KEY, 'r-1', release('r-1'))).toBe(false);

        expect(await store.getLock(KEY)).toBeUndefined();
      });

      it('is attached by a holder whose lock expired while no other release took it over', async () => {
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        clock.set(at('11:30:00'));

        expect(await store.attachRelease(KEY, 'r-1', release('r-1'))).toBe(true);
      });

      it('is not attached once the lock was freed', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        await store.releaseLock(KEY, 'r-1');

        expect(await store.attachRelease(KEY, 'r-1', release('r-1'))).toBe(false);
        expect(await store.getLock(KEY)).toBeUndefined();
      });
    });

    describe('the fence', () => {
      // getLock reads consistently: a task reading right after the reconciler fenced must see the mark.
      it('is set by the holder and seen by the next read; the lock stays held, with its release', async () => {
        // Prepare
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        await store.attachRelease(KEY, 'r-1', release('r-1'));
        clock.set(at('10:20:00.250'));

        // Act
        await store.fenceLock(KEY, 'r-1', 'aborted by alice: bad answers');

        // Assess
        expect(await store.getLock(KEY)).toStrictEqual({
          heldBy: 'r-1',
          expiresAt: at('11:00:00'),
          release: jsonOf(release('r-1')),
          stopping: { since: at('10:20:00.250'), reason: 'aborted by alice: bad answers' },
        });
        expect(await store.acquireLock(KEY, 'r-2', at('12:00:00'))).toEqual({ acquired: false, heldBy: 'r-1' });
      });

      it('keeps the first mark when set again', async () => {
        const { store, clock } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        await store.fenceLock(KEY, 'r-1', 'aborted by alice');

        clock.set(at('10:05:00'));
        await store.fenceLock(KEY, 'r-1', 'a repeated stop event');

        expect((await store.getLock(KEY))?.stopping).toStrictEqual({ since: at('10:00:00'), reason: 'aborted by alice' });
      });

      it('is not set by another release, nor where no lock is', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));

        await store.fenceLock(KEY, 'r-2', 'not its lock');
        await store.fenceLock('other:live', 'r-1', 'no lock there');

        expect(await store.getLock(KEY)).toStrictEqual({ heldBy: 'r-1', expiresAt: at('11:00:00') });
        expect(await store.getLock('other:live')).toBeUndefined();
      });
    });

    describe('freeing the lock', () => {
      it('is done by the holder only, after which another release takes it', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));

        await store.releaseLock(KEY, 'r-2');
        const afterStranger = await store.getLock(KEY);
        await store.releaseLock(KEY, 'r-1');

        expect(afterStranger?.heldBy).toBe('r-1');
        expect(await store.getLock(KEY)).toBeUndefined();
        expect(await store.acquireLock(KEY, 'r-2', at('11:00:00'))).toEqual({ acquired: true });
      });

      it('is idempotent, also where no lock is', async () => {
        const { store } = await setup();
        await store.acquireLock(KEY, 'r-1', at('11:00:00'));
        await store.releaseLock(KEY, 'r-1');

        await expect(store.releaseLock(KEY, 'r-1')).resolves.toBeUndefined();
        await expect(store.releaseLock('other:live', 'r-1')).resolves.toBeUndefined();
      });
    });

    describe('release records', () => {
      it('are read back in their JSON form, empty strings, lists and maps included', async () => {
        const { store } = await setup();
        const written = record('r-1', { startedAt: '10:00:00', endedAt: '10:30:00' }, { reasons: [], input: { commit: '', candidate: {}, steps: [] } });

        await store.putRecord(written);

        expect(await store.findRecord('assistant', 'live', 'r-1', at('10:00:00'))).toStrictEqual(jsonOf(written));
        expect(await store.recentRecords('assistant', 'live', 5)).toStrictEqual([jsonOf(written)]);
      });

      it('are kept one per release: a retried Finalize (same start, later end) rewrites the first', async () => {
        const { store } = await setup();

        await store.putRecord(record('r-1', { startedAt: '10:00:00', endedAt: '10:30:00' }, { outcome: 'failed' }));
        await store.putRecord(record('r-1', { startedAt: '10:00:00', endedAt: '10:30:07' }));

        expect((await store.recentRecords('assistant', 'live', 5)).map((r) => [r.releaseId, r.outcome, r.endedAt])).toEqual([['r-1', 'promoted', at('10:30:07').toISOString()]]);
      });

      it('are listed newest first by their release start (their end when refused before one), per function and alias, limited', async () => {
        // Prepare: r-2 ends after r-3, and r-3 has no start: the order is by start, or by end without one.
        const { store } = await setup();
        await store.putRecord(record('r-1', { startedAt: '09:00:00', endedAt: '09:40:00' }));
        await store.putRecord(record('r-2', { startedAt: '09:30:00', endedAt: '10:20:00' }));
        await store.putRecord(record('r-3', { endedAt: '09:50:00' }, { outcome: 'refused' }));
        await store.putRecord(record('r-4', { startedAt: '12:00:00', endedAt: '12:30:00' }, { alias: 'beta' }));
        await store.putRecord(record('r-5', { startedAt: '12:00:00', endedAt: '12:30:00' }, { functionName: 'other' }));

        // Act
        const ids = async (functionName: string, alias: string, limit: number) => (await store.recentRecords(functionName, alias, limit)).map((r) => r.releaseId);

        // Assess
        expect(await ids('assistant', 'live', 10)).toEqual(['r-3', 'r-2', 'r-1']);
        expect(await ids('assistant', 'live', 2)).toEqual(['r-3', 'r-2']);
        expect(await ids('assistant', 'beta', 10)).toEqual(['r-4']);
        expect(await ids('nobody', 'live', 10)).toEqual([]);
      });

      it('are listed and found beyond the first page of a query (1 MB)', async () => {
        // Prepare: 14 records of about 100 KB, more than one page of a DynamoDB Query.
        const { store } = await setup();
        const count = 14;
        const minute = (i: number) => `10:${String(i).padStart(2, '0')}:00`;
        for (let i = 0; i < count; i += 1) {
          await store.putRecord(record(`r-${i}`, { startedAt: minute(i), endedAt: minute(i + 1) }, { input: { transcript: 'x'.repeat(100_000) } }));
        }

        // Act
        const all = await store.recentRecords('assistant', 'live', count);
        const newest = await store.recentRecords('assistant', 'live', 3);
        const last = await store.findRecord('assistant', 'live', `r-${count - 1}`, at('09:00:00'));

        // Assess
        expect(all.map((r) => r.releaseId)).toEqual(Array.from({ length: count }, (_, i) => `r-${count - 1 - i}`));
        expect(newest.map((r) => r.releaseId)).toEqual([`r-${count - 1}`, `r-${count - 2}`, `r-${count - 3}`]);
        expect(last?.releaseId).toBe(`r-${count - 1}`);
      });

      it('are found among those sorted at or after a time: by start, by end when refused before one', async () => {
        // Prepare
        const { store } = await setup();
        await store.putRecord(record('r-1', { startedAt: '10:00:00', endedAt: '10:30:00' }));
        await store.putRecord(record('r-2', { endedAt: '11:00:00' }, { outcome: 'refused' }));

        // Act
        const find = (releaseId: string, since: string, functionName = 'assistant', alias = 'live') => store.findRecord(functionName, alias, releaseId, at(since));

        // Assess
        expect((await find('r-1', '09:59:00'))?.releaseId).toBe('r-1');
        expect((await find('r-1', '10:00:00'))?.releaseId).toBe('r-1');
        // It ended after, but sorts by its start.
        expect(await find('r-1', '10:00:00.001')).toBeUndefined();
        expect((await find('r-2', '11:00:00'))?.releaseId).toBe('r-2');
        expect(await find('r-2', '11:00:01')).toBeUndefined();
        expect(await find('r-1', '09:00:00', 'assistant', 'beta')).toBeUndefined();
        expect(await find('r-1', '09:00:00', 'other')).toBeUndefined();
        expect(await find('r-9', '09:00:00')).toBeUndefined();
      });
    });

    describe('test evidence', () => {
      it('is kept by function and code hash, a later record replacing an earlier one', async () => {
        const { store } = await setup();
        await store.recordTestEvidence('assistant', 'code-6', { ...evidence, failures: 3 });

        await store.recordTestEvidence('assistant', 'code-6', evidence);

        expect(await store.getTestEvidence('assistant', 'code-6')).toStrictEqual(evidence);
        expect(await store.getTestEvidence('assistant', 'code-7')).toBeUndefined();
        expect(await store.getTestEvidence('other', 'code-6')).toBeUndefined();
      });
    });
  });
}
