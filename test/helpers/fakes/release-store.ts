import type { Clock } from '../../../functions/ports/clock';
import { recordSortKey, type LockInfo, type LockResult, type LockStopping, type ReleaseStore } from '../../../functions/ports/release-store';
import type { Release, ReleaseRecord, TestEvidence } from '../../../functions/release/state';
import { Faults } from './faults';

type Method =
  | 'acquireLock'
  | 'attachRelease'
  | 'getLock'
  | 'fenceLock'
  | 'releaseLock'
  | 'putRecord'
  | 'recentRecords'
  | 'findRecord'
  | 'recordTestEvidence'
  | 'getTestEvidence';

/** As the DynamoDB item keeps it: to the second. */
const toSecond = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
/** As DynamoDB keeps a document: its JSON form, without undefined members. */
const jsonOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Locks with expiry (read against the clock, so a test can let a dead release's lock expire), the release
 * Prepare attached and the reconciler's fence, records by release id (a rewrite replaces, as a retried Finalize does) and test evidence by code hash.
 * It behaves as the DynamoDB store does (test/contracts/release-store.contract.ts): expiry kept to the second and
 * past only once the clock is in a later second, records in their JSON form, sorted and found by recordSortKey.
 */
export class FakeReleaseStore extends Faults<Method> implements ReleaseStore {
  readonly locks = new Map<string, { readonly releaseId: string; readonly expiresAt: Date; readonly release?: Release; readonly stopping?: LockStopping }>();
  readonly records = new Map<string, ReleaseRecord>();
  readonly evidence = new Map<string, TestEvidence>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async acquireLock(key: string, releaseId: string, expiresAt: Date): Promise<LockResult> {
    this.check('acquireLock');
    const held = this.locks.get(key);
    // The holder may take its own lock again (a retried Prepare), as the DynamoDB store allows.
    if (held && held.releaseId !== releaseId && !(held.expiresAt.getTime() < toSecond(this.clock.now()).getTime())) return { acquired: false, heldBy: held.releaseId };
    this.locks.set(key, { releaseId, expiresAt: toSecond(expiresAt) });
    return { acquired: true };
  }

  async attachRelease(key: string, releaseId: string, release: Release): Promise<boolean> {
    this.check('attachRelease');
    const held = this.locks.get(key);
    if (held?.releaseId !== releaseId) return false;
    this.locks.set(key, { ...held, release: jsonOf(release) });
    return true;
  }

  async getLock(key: string): Promise<LockInfo | undefined> {
    this.check('getLock');
    const held = this.locks.get(key);
    return held && { heldBy: held.releaseId, expiresAt: held.expiresAt, ...(held.release ? { release: held.release } : {}), ...(held.stopping ? { stopping: held.stopping } : {}) };
  }

  async fenceLock(key: string, releaseId: string, reason: string): Promise<void> {
    this.check('fenceLock');
    const held = this.locks.get(key);
    if (held?.releaseId !== releaseId || held.stopping) return;
    this.locks.set(key, { ...held, stopping: { since: this.clock.now(), reason } });
  }

  async releaseLock(key: string, releaseId: string): Promise<void> {
    this.check('releaseLock');
    if (this.locks.get(key)?.releaseId === releaseId) this.locks.delete(key);
  }

  async putRecord(record: ReleaseRecord): Promise<void> {
    this.check('putRecord');
    this.records.set(record.releaseId, jsonOf(record));
  }

  async recentRecords(functionName: string, alias: string, limit: number): Promise<ReleaseRecord[]> {
    this.check('recentRecords');
    return [...this.records.values()]
      .filter((r) => r.functionName === functionName && r.alias === alias)
      .sort((a, b) => (recordSortKey(a) < recordSortKey(b) ? 1 : -1))
      .slice(0, limit);
  }

  async findRecord(functionName: string, alias: string, releaseId: string, endedSince: Date): Promise<ReleaseRecord | undefined> {
    this.check('findRecord');
    const record = this.records.get(releaseId);
    const matches = record?.functionName === functionName && record.alias === alias && recordSortKey(record) >= endedSince.toISOString();
    return matches ? record : undefined;
  }

  async recordTestEvidence(functionName: string, codeSha256: string, evidence: TestEvidence): Promise<void> {
    this.check('recordTestEvidence');
    this.evidence.set(`${functionName}\u0000${codeSha256}`, evidence);
  }

  async getTestEvidence(functionName: string, codeSha256: string): Promise<TestEvidence | undefined> {
    this.check('getTestEvidence');
    return this.evidence.get(`${functionName}\u0000${codeSha256}`);
  }
}
