/**
 * Prepare: the first task of a release. Validates the input, takes the alias's release lock, resolves the live
 * and candidate versions, classifies the change, creates the per-release alarms and records the Release on the
 * lock. Either it returns a Release or it leaves nothing behind: the lock is released before any error escapes,
 * because a refused release has no `$.release` and so no later task could clean up after it. (A version published
 * for a model-pin change stays: versions are immutable and harmless until routed to, and a retry republishes the
 * same one.)
 *
 * The Release on the lock is what the reconciler undoes when the execution is stopped or times out, since no
 * Catch runs then (reconcile.ts). A Lambda invocation goes on after StopExecution, so Prepare may finish after
 * the reconciler has freed the lock: the attach then fails and Prepare deletes the alarms it created itself.
 */
import type { Clock } from '../ports/clock';
import type { HealthSource } from '../ports/health-source';
import type { ReleaseStore } from '../ports/release-store';
import type { AliasRouting, AliasTarget, TrafficRouter } from '../ports/traffic-router';
import { ReleaseLockedError, ReleaseRefusedError } from '../shared/errors';
import { classifyChange } from './classify';
import { requirePinStore, resolveCandidate, type CandidateDeps } from './candidate';
import { parseReleaseInput, type ReleaseInput } from './input';
import type { EvalShard, Release } from './state';

export interface PrepareDeps extends CandidateDeps {
  readonly router: TrafficRouter;
  readonly healthSource: HealthSource;
  readonly releaseStore: ReleaseStore;
  readonly clock: Clock;
  readonly evalShards: readonly EvalShard[];
  /** The state machine's timeout: the lock holds {@link LOCK_GRACE_MINUTES} longer before another release may take it over. */
  readonly maxReleaseMinutes: number;
}

export interface PrepareEvent {
  readonly input: unknown;
  readonly executionName: string;
}

/**
 * How long the lock outlives the execution's timeout. A timed-out execution runs no Finalize: the reconciler frees
 * the lock, on the TIMED_OUT event EventBridge delivers asynchronously and retries for up to 24 hours
 * (lib/private/stop-reconciler.ts), then retried twice by Lambda. Until then the Release on the lock is what tells it
 * what to undo, and an expired lock could be taken over by the next release while the alias is still split; so the
 * lock holds through the reconciler's whole delivery window. A reconciled release frees it at once.
 */
export const LOCK_GRACE_MINUTES = 25 * 60;

/** The lock is per alias: two releases of one alias would fight over its weights. */
export const lockKey = (functionName: string, alias: string): string => `${functionName}:${alias}`;

/**
 * @example
 * const release = await prepare({ input: { target: { functionName: 'assistant' }, candidate: { version: '6' },
 *   change: { source: 'manual' } }, executionName: 'rel-1' }, deps); // { stableVersion: '5', candidateVersion: '6', ... }
 */
export async function prepare(event: PrepareEvent, deps: PrepareDeps): Promise<Release> {
  const input = parseReleaseInput(event.input);
  // Like invalid input, refused before the lock: no other release could make it acceptable.
  if ('modelPins' in input.candidate) requirePinStore(deps);
  const releaseId = event.executionName;
  const target: AliasTarget = { functionName: input.target.functionName, alias: input.target.alias };
  const key = lockKey(target.functionName, target.alias);
  const startedAt = deps.clock.now();
  const lock = await deps.releaseStore.acquireLock(key, releaseId, new Date(startedAt.getTime() + (deps.maxReleaseMinutes + LOCK_GRACE_MINUTES) * 60_000));
  // A retried Prepare of the same execution takes its own lock again: stores let the holder re-acquire.
  if (!lock.acquired) throw new ReleaseLockedError(`release ${lock.heldBy} already in progress for ${key}`);

  try {
    const release = await prepareLocked(input, releaseId, target, startedAt, deps);
    await attach(key, release, deps);
    return release;
  } catch (error) {
    // Best effort: a cleanup failure must not hide why Prepare failed, and the lock expires on its own.
    await deps.releaseStore.releaseLock(key, releaseId).catch(() => undefined);
    throw error;
  }
}

async function prepareLocked(
  input: ReleaseInput,
  releaseId: string,
  target: AliasTarget,
  startedAt: Date,
  deps: PrepareDeps,
): Promise<Release> {
  const routing = await deps.router.getRouting(target);
  assertNotSplit(target, routing);
  const stable = await deps.registry.getVersion(target.functionName, routing.version);
  const candidate = await resolveCandidate(input.candidate, stable, deps);
  const kind = classifyChange(stable, candidate.version, input.change.kind);
  // Last but the attach, which deletes them if it fails: a failed Prepare never leaves alarms behind.
  const alarmNames = await deps.healthSource.createReleaseAlarms({ releaseId, ...target, candidateVersion: candidate.version.version });
  const { commit, testReport } = input.change;
  return {
    releaseId,
    functionName: target.functionName,
    alias: target.alias,
    stableVersion: stable.version,
    candidateVersion: candidate.version.version,
    change: { source: input.change.source, kind, ...(commit === undefined ? {} : { commit }), ...(testReport === undefined ? {} : { testReport }) },
    ...(candidate.pins === undefined ? {} : { pins: candidate.pins }),
    codeSha256: candidate.version.codeSha256,
    startedAt: startedAt.toISOString(),
    alarmNames,
    evalShards: deps.evalShards,
  };
}

/** Records the release on its lock, or removes its alarms and fails: without the lock, nothing may stay behind. */
async function attach(key: string, release: Release, deps: PrepareDeps): Promise<void> {
  let attached = false;
  try {
    attached = await deps.releaseStore.attachRelease(key, release.releaseId, release);
  } finally {
    // Best effort, as the lock release after it: the error that got us here is the one to report.
    if (!attached) await deps.healthSource.deleteAlarms(release.alarmNames).catch(() => undefined);
  }
  if (!attached) {
    throw new ReleaseLockedError(`release ${release.releaseId} lost the lock of ${key} while preparing: it was stopped and reconciled, or its lock expired and was taken over`);
  }
}

/** A split alias means a release died mid-canary: which version is "stable" is then a person's call. */
function assertNotSplit(target: AliasTarget, routing: AliasRouting): void {
  const additional = Object.keys(routing.additionalWeights);
  if (additional.length === 0) return;
  throw new ReleaseRefusedError(`alias ${target.alias} is split between ${[routing.version, ...additional].join(' and ')}: resolve it first`);
}
