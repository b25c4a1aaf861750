/**
 * The reconciler: brings a release to a clean end when its execution was stopped (StopExecution: `evalgate abort`,
 * the console) or timed out. Neither runs a Catch or a Finalize, so without it the alias could stay split and the
 * lock held, with the per-release alarms and the new model pins left behind (principle 5). It also sees every
 * FAILED execution: most ended through their Finalize (blocked, rolled back: nothing left to do), but a Rollback or a
 * Finalize that failed after all its retries (an AppConfig deployment that would not end, a throttled API) leaves
 * the alias possibly split or the lock held, and no execution may end FAILED without this second attempt.
 *
 * It runs on the execution's status change event, which EventBridge and Lambda may deliver more than once or retry
 * after a partial failure, so every path is idempotent and the lock is freed last: while it is held, the Release
 * on it (attached by Prepare) tells a retry what is still to undo. Whatever the path, it never touches an alias
 * whose lock another release holds. Its order is fence the lock -> roll back -> finalize -> free the lock.
 */
import type { ReleaseStore } from '../ports/release-store';
import { withDeps } from '../shared/with-deps';
import { releaseAlarmNames } from './alarm-specs';
import { finalize, recordKey, type FinalizeDeps } from './finalize';
import { parseReleaseInput } from './input';
import { lockKey } from './prepare';
import type { Release, ReleaseOutcome } from './state';
import { rollback, type Rollback, type RollbackDeps } from './traffic';

/** The execution statuses no Catch or Finalize follows: the ones the reconciler's rule sends it. */
export const RECONCILED_STATUSES = ['ABORTED', 'TIMED_OUT', 'FAILED'] as const;

/** A stopped execution, as its EventBridge status change event describes it. */
export interface StoppedExecution {
  /** The execution name: the release id. */
  readonly executionName: string;
  readonly status: (typeof RECONCILED_STATUSES)[number];
  /** The execution input as Step Functions sends it: a JSON string; absent when too large for the event. */
  readonly input: string | undefined;
  /** When the execution started: any record of this release ended after it. */
  readonly startedAt: Date;
  /** What StopExecution was given, if anything. */
  readonly error?: string;
  readonly cause?: string;
}

export interface ReconcileDeps extends RollbackDeps, FinalizeDeps {}

/** What the reconciler found and did, small enough for the CLI to print. */
export type ReconcileResult =
  | { readonly status: 'nothing-to-do'; readonly releaseId: string; readonly reason: string }
  | { readonly status: 'already-ended'; readonly releaseId: string; readonly outcome: ReleaseOutcome; readonly reason: string }
  | { readonly status: 'reconciled'; readonly releaseId: string; readonly outcome: 'aborted' | 'failed'; readonly reasons: readonly string[]; readonly recordKey: string };

/**
 * @example
 * await reconcile({ executionName: 'rel-1', status: 'ABORTED', input, startedAt, cause: 'aborted by alice: bad answers' }, deps);
 * // { status: 'reconciled', releaseId: 'rel-1', outcome: 'aborted',
 * //   reasons: ['aborted by alice: bad answers', 'alias live back at 100% on version 5'], recordKey: 'releases/rel-1/record.json' }
 */
export async function reconcile(execution: StoppedExecution, deps: ReconcileDeps): Promise<ReconcileResult> {
  const releaseId = execution.executionName;
  const input = readInput(execution.input);
  if ('invalid' in input) return { status: 'nothing-to-do', releaseId, reason: `no release to reconcile: ${input.invalid}` };
  const { functionName, alias } = input.target;
  const key = lockKey(functionName, alias);
  const stop = { ...execution, input: input.raw, key };

  const lock = await deps.releaseStore.getLock(key);
  const record = await deps.releaseStore.findRecord(functionName, alias, releaseId, execution.startedAt);
  const ours = lock?.heldBy === releaseId ? lock : undefined;
  if (record) {
    // Stopped during its Finalize, or a repeated event: the outcome stands. A Finalize cut short may have left these.
    const traffic = execution.status === 'FAILED' && record.outcome === 'failed' && record.release && (!lock || ours) ? await rollBackFailed(record.release, deps) : [];
    if (ours?.release) await deps.healthSource.deleteAlarms(ours.release.alarmNames);
    if (ours) await deps.releaseStore.releaseLock(key, releaseId);
    const freed = ours ? `; its lock of ${key} freed` : '';
    return { status: 'already-ended', releaseId, outcome: record.outcome, reason: `release ${releaseId} already ended ${record.outcome}${freed}${traffic.map((t) => `; ${t}`).join('')}` };
  }
  if (ours) {
    // The fence, before anything is undone: a ShiftTraffic or Promote still in flight reads it after its write and
    // undoes the write itself if it lands after the rollback (functions/release/traffic.ts, whyStopped).
    await deps.releaseStore.fenceLock(key, releaseId, stopReasons(execution).join('; '));
    return ours.release ? rollBack(stop, ours.release, deps) : stoppedInPrepare(stop, deps);
  }
  // Stopped before Prepare took the lock (or refused because another release holds it): nothing of it to undo.
  const holder = lock ? `release ${lock.heldBy} holds it, untouched` : 'it is free';
  return recordAborted(stop, [`nothing to undo: release ${releaseId} never held the lock of ${key} (${holder})`], deps);
}

type Stop = Omit<StoppedExecution, 'input'> & { readonly input: unknown; readonly key: string };

/**
 * A release that ended failed after the candidate took traffic may have failed in its Rollback: the alias may
 * still be split. Rolled back again (idempotent: a release already on its stable version is not written to), its
 * pins with it. Only while no other release holds the lock, which the caller checks.
 */
async function rollBackFailed(release: Release, deps: ReconcileDeps): Promise<string[]> {
  const done = await rollback(release, deps);
  return done.trafficReverted ? [`alias ${release.alias} was still split: put back at 100% on version ${done.version}`] : [];
}

/** What the reconciler records: a stopped or timed-out release is aborted, one whose execution failed is failed. */
const outcomeOf = (stop: Pick<StoppedExecution, 'status'>) => (stop.status === 'FAILED' ? 'failed' : 'stopped');

/** Traffic back to the stable version (read back) and the model pins reverted, then Finalize's clean-up and record. */
async function rollBack(stop: Stop, release: Release, deps: ReconcileDeps): Promise<ReconcileResult> {
  const done = await rollback(release, deps);
  const reasons = [...stopReasons(stop), trafficReason(release, done)];
  // The lock stays held until Finalize has done everything else: a failed step is then retried with the Release.
  const record = await finalize({ outcome: outcomeOf(stop), input: stop.input, executionName: stop.executionName, release, reasons }, withDeps(deps, { releaseStore: keepingLock(deps.releaseStore) }));
  await deps.releaseStore.releaseLock(stop.key, release.releaseId);
  return reconciled(stop, record.reasons);
}

/**
 * Stopped before Prepare attached its Release: no traffic moved. Its alarms, if it got that far, have the names its
 * id gives them. Deleted before the lock is freed, so a retry after a failure finds the lock and deletes them again.
 */
async function stoppedInPrepare(stop: Stop, deps: ReconcileDeps): Promise<ReconcileResult> {
  await deps.healthSource.deleteAlarms(releaseAlarmNames(stop.executionName));
  await deps.releaseStore.releaseLock(stop.key, stop.executionName);
  return recordAborted(stop, [`stopped while preparing, before any traffic moved: lock of ${stop.key} freed, release alarms deleted`], deps);
}

async function recordAborted(stop: Stop, did: readonly string[], deps: ReconcileDeps): Promise<ReconcileResult> {
  const record = await finalize({ outcome: outcomeOf(stop), input: stop.input, executionName: stop.executionName, reasons: [...stopReasons(stop), ...did] }, deps);
  return reconciled(stop, record.reasons);
}

const reconciled = (stop: Stop, reasons: readonly string[]): ReconcileResult => ({
  status: 'reconciled',
  releaseId: stop.executionName,
  outcome: stop.status === 'FAILED' ? 'failed' : 'aborted',
  reasons,
  recordKey: recordKey(stop.executionName),
});

/**
 * Who or what stopped the release: StopExecution's cause as given (`evalgate abort` puts the operator and why there).
 *
 * @example
 * stopReasons({ status: 'ABORTED', cause: 'aborted by alice: bad answers on slack' }); // ['aborted by alice: bad answers on slack']
 * stopReasons({ status: 'TIMED_OUT' }); // ['timed out: the execution ran longer than the state machine allows']
 */
export function stopReasons({ status, error, cause }: Pick<StoppedExecution, 'status' | 'error' | 'cause'>): string[] {
  const given = [error, cause].filter((part): part is string => part !== undefined && part !== '').join(': ');
  if (status === 'TIMED_OUT') return [given === '' ? 'timed out: the execution ran longer than the state machine allows' : `timed out: ${given}`];
  if (status === 'FAILED') return [given === '' ? 'failed: the execution failed before its Finalize completed' : `failed before its Finalize completed: ${given}`];
  return [given === '' ? 'stopped (StopExecution) without a cause' : given];
}

/** What the rollback did to the traffic; Finalize adds where the model pins stand. */
const trafficReason = (release: Release, done: Rollback): string =>
  `alias ${release.alias} ${done.trafficReverted ? 'back' : 'already'} at 100% on version ${done.version}`;

type ReadInput = { readonly invalid: string } | (ReturnType<typeof parseReleaseInput> & { readonly raw: unknown });

/** The execution input, or why there is no release in it (then no Prepare could have taken a lock for it). */
function readInput(text: string | undefined): ReadInput {
  if (text === undefined) return { invalid: 'the event does not include the execution input' };
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    return { invalid: 'the execution input is not JSON' };
  }
  try {
    return { ...parseReleaseInput(raw), raw };
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}

/** The store as Finalize sees it from here: everything but freeing the lock, which the reconciler does last. */
function keepingLock(store: ReleaseStore): ReleaseStore {
  return new Proxy(store, {
    get: (target, property, receiver) => (property === 'releaseLock' ? async () => undefined : Reflect.get(target, property, receiver) as unknown),
  });
}
