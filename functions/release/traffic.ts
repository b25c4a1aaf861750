/**
 * Moving the alias: every write is read back (verifyWeight), because a concurrent writer (a person in the
 * console, a `cdk deploy` that should not touch the alias but did) would otherwise leave the release believing
 * in a split that does not exist. A mismatch is a TrafficVerificationError; after the first shift the state
 * machine answers it with a rollback.
 *
 * ShiftTraffic and Promote also read the release lock after their last write, the fence that keeps a stopped
 * release from splitting the alias again (see `whyStopped`).
 */
import type { Clock } from '../ports/clock';
import type { PinStore } from '../ports/pin-store';
import type { ReleaseStore } from '../ports/release-store';
import type { AliasTarget, TrafficRouter } from '../ports/traffic-router';
import { ReleaseStoppedError, TrafficVerificationError, TransientReleaseError } from '../shared/errors';
import { deployPins, revertPins } from './pins-revert';
import { lockKey } from './prepare';
import type { CanaryStep, Release } from './state';

export interface ShiftEvent {
  readonly release: Release;
  readonly step: number;
  /** Percent of the alias's traffic for the candidate. */
  readonly weight: number;
}

export interface TrafficDeps {
  readonly router: TrafficRouter;
  readonly clock: Clock;
}

/** Promote and Rollback: they move the alias, and for a model-pin change keep AppConfig saying what serves. */
export interface RollbackDeps extends TrafficDeps {
  /** Absent when the pipeline manages no model pins (`modelPins: false`); only a release with `pins` needs it. */
  readonly pinStore?: PinStore;
}

/** What ShiftTraffic and Promote read after moving the alias: their release's lock (see `whyStopped`). */
export interface FenceDeps {
  readonly releaseStore: Pick<ReleaseStore, 'getLock'>;
}

export interface ShiftDeps extends TrafficDeps, FenceDeps {}

export interface PromoteDeps extends RollbackDeps, FenceDeps {}

export interface Promotion {
  readonly version: string;
  readonly promotedAt: string;
}

export interface Rollback {
  readonly version: string;
  /** False when the alias already served only the stable version (a retried or repeated rollback). */
  readonly trafficReverted: boolean;
  readonly pinsReverted: boolean;
  readonly rolledBackAt: string;
}

const aliasOf = (release: Release): AliasTarget => ({ functionName: release.functionName, alias: release.alias });

/**
 * Throws ReleaseStoppedError, with the alias back at 100% on stable, when the release was stopped meanwhile.
 *
 * @example
 * await shiftTraffic({ release, step: 0, weight: 5 }, deps); // { step: 0, weight: 5, shiftedAt: '2025-01-01T10:00:00.000Z' }
 */
export async function shiftTraffic(event: ShiftEvent, deps: ShiftDeps): Promise<CanaryStep> {
  const { release, weight } = event;
  await setVerified(release, weight, deps.router);
  const stopped = await whyStopped(release, deps.releaseStore);
  if (stopped !== undefined) {
    await setVerified(release, 0, deps.router);
    throw new ReleaseStoppedError(`${stopped}: its shift to ${weight}% on ${release.candidateVersion} is undone, alias ${release.alias} back at 100% on ${release.stableVersion}`);
  }
  return { step: event.step, weight, shiftedAt: deps.clock.now().toISOString() };
}

/**
 * All traffic on the candidate. For a model-pin change AppConfig must then say the new pins are live: a release
 * started by hand (`--model-pins N`) was never deployed in AppConfig, so Promote deploys N. Throws
 * ReleaseStoppedError, with traffic and pins back where the stable version runs, when the release was stopped meanwhile.
 *
 * @example
 * await promote(release, deps); // { version: '6', promotedAt: '...' }
 */
export async function promote(release: Release, deps: PromoteDeps): Promise<Promotion> {
  await setVerified(release, 100, deps.router);
  // Traffic first: once all of it is on the candidate, the new pins are what serves. Without a pin store (a
  // pipeline redeployed with `modelPins: false` mid-release) there is no AppConfig to update.
  if (release.pins && deps.pinStore && (await deps.pinStore.deployedVersion()) !== release.pins.configurationVersion) {
    await deployPins(deps.pinStore, release.pins.configurationVersion, `promotion of release ${release.releaseId}`);
  }
  // Read after the pins too, Promote's last write: a deployment landing after the reconciler's revert would
  // otherwise leave AppConfig saying the new pins serve while the stable version runs the old ones.
  const stopped = await whyStopped(release, deps.releaseStore);
  if (stopped !== undefined) {
    await setVerified(release, 0, deps.router);
    // Only while AppConfig serves this release's pins (ours just deployed, or the trigger's not yet reverted).
    const pins = await revertPins(release, deps.pinStore, `promotion of stopped release ${release.releaseId} undone`);
    const pinsBack = pins.status === 'reverted' ? `, model pins back to configuration ${pins.configurationVersion}` : '';
    throw new ReleaseStoppedError(`${stopped}: its promotion of ${release.candidateVersion} is undone, alias ${release.alias} back at 100% on ${release.stableVersion}${pinsBack}`);
  }
  return { version: release.candidateVersion, promotedAt: deps.clock.now().toISOString() };
}

/**
 * Why the release may no longer move the alias, or undefined while it holds its lock unfenced.
 *
 * The race it closes: a Lambda invocation in flight when its execution is stopped still finishes, so a ShiftTraffic
 * or Promote can write to the alias after the reconciler (functions/release/reconcile.ts) has rolled the release
 * back, splitting production again. The reconciler goes fence -> rollback -> ... -> free the lock; a task goes
 * write the alias -> read the lock (this), and both the lock read (DynamoDB ConsistentRead) and the alias read
 * (GetAlias, after the task's write was read back) are strongly consistent. So either the task read the lock
 * before the fence: its write came before the fence too, hence before the rollback, which reads the alias after
 * it and puts it back (the rollback wins); or it read the lock after the fence and finds it fenced, freed or
 * taken by another release: the task undoes its own write. A rollback and an undo running together both write
 * 100% on stable. A stopped execution ignores the task's result; a running one whose lock is gone (expired and
 * taken over) gets a ReleaseStoppedError and rolls back.
 */
async function whyStopped(release: Release, store: FenceDeps['releaseStore']): Promise<string | undefined> {
  const key = lockKey(release.functionName, release.alias);
  // A store fault is retried (the weight written is idempotent), not mistaken for a degraded canary.
  const lock = await store.getLock(key).catch((error: unknown) => {
    throw new TransientReleaseError(`could not read the lock of ${key} after moving the alias: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  });
  const id = release.releaseId;
  if (!lock) return `release ${id} no longer holds the lock of ${key} (it is free)`;
  if (lock.heldBy !== id) return `release ${id} no longer holds the lock of ${key} (release ${lock.heldBy} does)`;
  if (lock.stopping) return `release ${id} was stopped (${lock.stopping.reason}; lock of ${key} fenced at ${lock.stopping.since.toISOString()})`;
  return undefined;
}

/**
 * All traffic back on the stable version and, for a model change, the pins back to the configuration the stable
 * version runs. Idempotent: the state machine retries it, and a second run finds the work done.
 *
 * @example
 * await rollback(release, deps); // { version: '5', trafficReverted: true, pinsReverted: false, rolledBackAt: '...' }
 */
export async function rollback(release: Release, deps: RollbackDeps): Promise<Rollback> {
  const routing = await deps.router.getRouting(aliasOf(release));
  const onStable = routing.version === release.stableVersion && Object.keys(routing.additionalWeights).length === 0;
  if (!onStable) await setVerified(release, 0, deps.router);
  const pins = await revertPins(release, deps.pinStore, `rollback of release ${release.releaseId}`);
  if (pins.status === 'no-pin-store') {
    throw new Error(
      `release ${release.releaseId} changed the model pins but this pipeline has no pin store (modelPins: false): traffic is back on ${release.stableVersion}, deploy model pins configuration version ${pins.configurationVersion} in AppConfig by hand`,
    );
  }
  return {
    version: release.stableVersion,
    trafficReverted: !onStable,
    pinsReverted: pins.status === 'reverted',
    rolledBackAt: deps.clock.now().toISOString(),
  };
}

async function setVerified(release: Release, weight: number, router: TrafficRouter): Promise<void> {
  const target = aliasOf(release);
  const { stableVersion: stable, candidateVersion: candidate } = release;
  await router.setWeight(target, stable, candidate, weight);
  if (await router.verifyWeight(target, stable, candidate, weight)) return;
  const actual = await router.getRouting(target);
  throw new TrafficVerificationError(
    `alias ${release.alias} of ${release.functionName} did not read back as ${weight}% on ${candidate} (rest on ${stable}): it routes to ${actual.version} with additional weights ${JSON.stringify(actual.additionalWeights)}`,
  );
}
