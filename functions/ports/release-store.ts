import type { Release, ReleaseRecord, TestEvidence } from '../release/state';

export type LockResult = { readonly acquired: true } | { readonly acquired: false; readonly heldBy: string };

/** Who holds an alias's lock, until when, and (once Prepare has finished) the release it holds it for. */
export interface LockInfo {
  readonly heldBy: string;
  readonly expiresAt: Date;
  /** What a stopped release must undo (functions/release/reconcile.ts); absent while Prepare runs. */
  readonly release?: Release;
  /** Set by the reconciler before it rolls a stopped release back (`fenceLock`); absent while the release runs. */
  readonly stopping?: LockStopping;
}

/** The fence on a stopped release's lock: a ShiftTraffic or Promote that reads it after moving the alias undoes its move. */
export interface LockStopping {
  readonly since: Date;
  /** Why the release stopped (StopExecution's cause, a timeout). */
  readonly reason: string;
}

/** The release lock, release records and recorded test evidence (AWS: DynamoDB). */
export interface ReleaseStore {
  /** Takes the lock for `key` atomically; an expired lock (a release that died) can be taken over. */
  acquireLock(key: string, releaseId: string, expiresAt: Date): Promise<LockResult>;
  /**
   * Records the release on the lock, only if `releaseId` holds it (atomically). False when it does not: the
   * lock was freed (a stopped release reconciled) or taken over after it expired.
   */
  attachRelease(key: string, releaseId: string, release: Release): Promise<boolean>;
  /** With a strongly consistent read: the fence only works if a task sees a mark written before it read. */
  getLock(key: string): Promise<LockInfo | undefined>;
  /**
   * Marks the lock as stopping, only if `releaseId` holds it (atomically), before the reconciler rolls the release
   * back. Idempotent: a repeated fence keeps the first mark, and a lock `releaseId` does not hold is left alone.
   */
  fenceLock(key: string, releaseId: string, reason: string): Promise<void>;
  /** Frees the lock only if `releaseId` holds it (idempotent). */
  releaseLock(key: string, releaseId: string): Promise<void>;
  putRecord(record: ReleaseRecord): Promise<void>;
  recentRecords(functionName: string, alias: string, limit: number): Promise<ReleaseRecord[]>;
  /**
   * The record of one release, looked for among those sorted at or after `endedSince` (its execution's start:
   * a record sorts by its release's start, which is later, or by its end).
   */
  findRecord(functionName: string, alias: string, releaseId: string, endedSince: Date): Promise<ReleaseRecord | undefined>;
  /** Test evidence by code hash, so a model-only change reuses the evidence of the code it runs. */
  recordTestEvidence(functionName: string, codeSha256: string, evidence: TestEvidence): Promise<void>;
  getTestEvidence(functionName: string, codeSha256: string): Promise<TestEvidence | undefined>;
}

/**
 * Where a record sorts among its alias's records: by when the release started (Prepare's time, fixed for the
 * release), so a Finalize retried after a partial failure writes the same item again instead of a second one. A
 * record without a start (refused before Prepare made a release) sorts by its end.
 *
 * @example recordSortKey({ releaseId: 'r-1', startedAt: '2025-01-10T11:00:00.000Z', endedAt: '...' }); // '2025-01-10T11:00:00.000Z#r-1'
 */
export const recordSortKey = (record: Pick<ReleaseRecord, 'releaseId' | 'startedAt' | 'endedAt'>): string => `${record.startedAt ?? record.endedAt}#${record.releaseId}`;
