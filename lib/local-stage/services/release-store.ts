/**
 * The release lock, release records and test evidence on the local stage (releases.json), keyed as the DynamoDB
 * table is: a lock per key with an expiry in epoch seconds (and the release, once Prepare attached it, and the
 * reconciler's fence, once it stops the release), records by `${startedAt ?? endedAt}#${releaseId}` under their
 * function and alias (so a rewrite with the same end time replaces, newest first), evidence by code hash.
 */
import type { Clock } from '../../../functions/ports/clock';
import { recordSortKey, type LockInfo, type LockResult, type ReleaseStore } from '../../../functions/ports/release-store';
import type { Release, ReleaseRecord, TestEvidence } from '../../../functions/release/state';
import type { JsonFile } from './json-file';

export interface ReleasesDocument {
  locks: Record<string, { readonly releaseId: string; readonly expiresAt: number; readonly release?: Release; readonly stopping?: { readonly since: string; readonly reason: string } }>;
  records: Record<string, Record<string, ReleaseRecord>>;
  evidence: Record<string, Record<string, { readonly evidence: TestEvidence; readonly recordedAt: string }>>;
}

export const emptyReleases = (): ReleasesDocument => ({ locks: {}, records: {}, evidence: {} });

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * @example
 * const store = new LocalReleaseStore(new JsonFile('.evalgate/releases.json', emptyReleases()), clock);
 * const lock = await store.acquireLock('assistant:live', 'r-1', new Date(clock.now().getTime() + 3_600_000));
 * if (!lock.acquired) throw new ReleaseLockedError(`held by ${lock.heldBy}`);
 */
export class LocalReleaseStore implements ReleaseStore {
  constructor(
    private readonly file: JsonFile<ReleasesDocument>,
    private readonly clock: Clock,
  ) {}

  /** The locks held, for the CLI: expired ones included, as they stay in the table until taken over. */
  locks(): Readonly<ReleasesDocument['locks']> {
    return this.file.read().locks;
  }

  async acquireLock(key: string, releaseId: string, expiresAt: Date): Promise<LockResult> {
    return this.file.update((doc): LockResult => {
      const held = doc.locks[key];
      // The condition of the DynamoDB store: free, expired, or already ours (a retried Prepare).
      if (held && held.releaseId !== releaseId && !(held.expiresAt < epochSeconds(this.clock.now()))) return { acquired: false, heldBy: held.releaseId };
      doc.locks[key] = { releaseId, expiresAt: epochSeconds(expiresAt) };
      return { acquired: true };
    });
  }

  async attachRelease(key: string, releaseId: string, release: Release): Promise<boolean> {
    return this.file.update((doc) => {
      const held = doc.locks[key];
      if (held?.releaseId !== releaseId) return false;
      doc.locks[key] = { ...held, release: JSON.parse(JSON.stringify(release)) as Release };
      return true;
    });
  }

  async getLock(key: string): Promise<LockInfo | undefined> {
    const held = this.file.read().locks[key];
    if (!held) return undefined;
    return {
      heldBy: held.releaseId,
      expiresAt: new Date(held.expiresAt * 1000),
      ...(held.release ? { release: held.release } : {}),
      ...(held.stopping ? { stopping: { since: new Date(held.stopping.since), reason: held.stopping.reason } } : {}),
    };
  }

  async fenceLock(key: string, releaseId: string, reason: string): Promise<void> {
    this.file.update((doc) => {
      const held = doc.locks[key];
      // The condition of the DynamoDB store: ours only, and the first mark stands.
      if (held?.releaseId !== releaseId || held.stopping) return;
      doc.locks[key] = { ...held, stopping: { since: this.clock.now().toISOString(), reason } };
    });
  }

  async releaseLock(key: string, releaseId: string): Promise<void> {
    // Free already, or taken over after ours expired: either way not ours to delete.
    if (this.file.read().locks[key]?.releaseId !== releaseId) return;
    this.file.update((doc) => {
      delete doc.locks[key];
    });
  }

  async putRecord(record: ReleaseRecord): Promise<void> {
    this.file.update((doc) => {
      // Through JSON, as the DynamoDB store writes it: undefined members vanish.
      (doc.records[`${record.functionName}#${record.alias}`] ??= {})[recordSortKey(record)] = JSON.parse(JSON.stringify(record)) as ReleaseRecord;
    });
  }

  async recentRecords(functionName: string, alias: string, limit: number): Promise<ReleaseRecord[]> {
    const records = this.file.read().records[`${functionName}#${alias}`] ?? {};
    return Object.keys(records)
      .sort()
      .reverse()
      .slice(0, limit)
      .map((sk) => records[sk]!);
  }

  async findRecord(functionName: string, alias: string, releaseId: string, endedSince: Date): Promise<ReleaseRecord | undefined> {
    const records = this.file.read().records[`${functionName}#${alias}`] ?? {};
    const since = endedSince.toISOString();
    const sk = Object.keys(records).find((key) => key >= since && records[key]!.releaseId === releaseId);
    return sk === undefined ? undefined : records[sk];
  }

  async recordTestEvidence(functionName: string, codeSha256: string, evidence: TestEvidence): Promise<void> {
    this.file.update((doc) => {
      (doc.evidence[functionName] ??= {})[codeSha256] = { evidence: { ...evidence }, recordedAt: this.clock.now().toISOString() };
    });
  }

  async getTestEvidence(functionName: string, codeSha256: string): Promise<TestEvidence | undefined> {
    return this.file.read().evidence[functionName]?.[codeSha256]?.evidence;
  }
}
