/**
 * Finalize: the last task of every terminal path. It removes what the release created (per-release alarms, the
 * lock), writes the record and tells people. Every step is attempted even when another fails, so one broken
 * dependency cannot leave a lock held or alarms behind; failures are then raised together as a
 * TransientReleaseError for the state machine to retry, which is safe because every step is idempotent.
 */
import type { Clock } from '../ports/clock';
import type { HealthSource } from '../ports/health-source';
import type { Notifier } from '../ports/notifier';
import type { ReleaseStore } from '../ports/release-store';
import type { ReportStore } from '../ports/report-store';
import { TransientReleaseError } from '../shared/errors';
import { lockKey } from './prepare';
import { buildRecord, type FinalizeEvent } from './record';
import type { ReleaseRecord } from './state';

export interface FinalizeDeps {
  readonly healthSource: Pick<HealthSource, 'deleteAlarms'>;
  readonly releaseStore: ReleaseStore;
  readonly reportStore: ReportStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
}

/** @example recordKey('rel-1') // 'releases/rel-1/record.json' */
export const recordKey = (releaseId: string): string => `releases/${releaseId}/record.json`;

/**
 * @example
 * notificationSubject(record); // 'evalgate: assistant:live 5 -> 6 promoted'
 */
export function notificationSubject(record: ReleaseRecord): string {
  const versions = record.release ? ` ${record.release.stableVersion} -> ${record.release.candidateVersion}` : '';
  return `evalgate: ${record.functionName}:${record.alias}${versions} ${record.outcome}`;
}

/**
 * @example
 * await finalize({ outcome: 'promoted', input, executionName: 'rel-1', release, gate }, deps); // the ReleaseRecord
 */
export async function finalize(event: FinalizeEvent, deps: FinalizeDeps): Promise<ReleaseRecord> {
  const record = buildRecord(event, deps.clock.now());
  const { release } = event;
  const steps: Array<readonly [what: string, run: () => Promise<void>]> = [];
  if (release) {
    if (release.alarmNames.length > 0) steps.push(['delete the release alarms', () => deps.healthSource.deleteAlarms(release.alarmNames)]);
    // The store frees the lock only if this release holds it: a refused release must not free another's lock.
    steps.push(['release the lock', () => deps.releaseStore.releaseLock(lockKey(release.functionName, release.alias), release.releaseId)]);
  }
  steps.push(
    ['store the record', () => deps.releaseStore.putRecord(record)],
    ['write the record to the reports bucket', () => deps.reportStore.putJson(recordKey(record.releaseId), record)],
    // Notified even when a step above failed: a retry may send it twice, which beats nobody hearing of the release.
    ['notify', () => deps.notifier.notify(notificationSubject(record), notificationOf(record))],
  );
  const settled = await Promise.allSettled(steps.map(([, step]) => step()));
  const failures = settled.flatMap((outcome, i) =>
    outcome.status === 'rejected' ? [`could not ${steps[i]![0]}: ${(outcome.reason as Error)?.message ?? String(outcome.reason)}`] : [],
  );
  if (failures.length > 0) {
    throw new TransientReleaseError(`finalize of release ${record.releaseId} is incomplete: ${failures.join('; ')}`, {
      cause: new AggregateError(settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []))),
    });
  }
  return record;
}

/** Small and free of eval outputs: notifications go to mail and chat, the details stay in the reports bucket. */
function notificationOf(record: ReleaseRecord): Record<string, unknown> {
  return {
    releaseId: record.releaseId,
    functionName: record.functionName,
    alias: record.alias,
    outcome: record.outcome,
    reasons: record.reasons,
    ...(record.release ? { stableVersion: record.release.stableVersion, candidateVersion: record.release.candidateVersion, kind: record.release.change.kind } : {}),
    ...(record.gate ? { reportKey: record.gate.reportKey } : {}),
    recordKey: recordKey(record.releaseId),
    ...(record.durationMs === undefined ? {} : { durationMs: record.durationMs }),
  };
}
