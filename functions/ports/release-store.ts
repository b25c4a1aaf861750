import type { ReleaseRecord, TestEvidence } from '../release/state';

export type LockResult = { readonly acquired: true } | { readonly acquired: false; readonly heldBy: string };

/** The release lock, release records and recorded test evidence (AWS: DynamoDB). */
export interface ReleaseStore {
  /** Takes the lock for `key` atomically; an expired lock (a release that died) can be taken over. */
  acquireLock(key: string, releaseId: string, expiresAt: Date): Promise<LockResult>;
  /** Frees the lock only if `releaseId` holds it (idempotent). */
  releaseLock(key: string, releaseId: string): Promise<void>;
  putRecord(record: ReleaseRecord): Promise<void>;
  recentRecords(functionName: string, alias: string, limit: number): Promise<ReleaseRecord[]>;
  /** Test evidence by code hash, so a model-only change reuses the evidence of the code it runs. */
  recordTestEvidence(functionName: string, codeSha256: string, evidence: TestEvidence): Promise<void>;
  getTestEvidence(functionName: string, codeSha256: string): Promise<TestEvidence | undefined>;
}
