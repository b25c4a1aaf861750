/**
 * Moving the alias: every write is read back (verifyWeight), because a concurrent writer (a person in the
 * console, a `cdk deploy` that should not touch the alias but did) would otherwise leave the release believing
 * in a split that does not exist. A mismatch is a TrafficVerificationError; after the first shift the state
 * machine answers it with a rollback.
 */
import type { Clock } from '../ports/clock';
import type { PinStore } from '../ports/pin-store';
import type { AliasTarget, TrafficRouter } from '../ports/traffic-router';
import { TrafficVerificationError } from '../shared/errors';
import { deployPins, revertPins } from './pins-revert';
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

export type PromoteDeps = RollbackDeps;

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
 * @example
 * await shiftTraffic({ release, step: 0, weight: 5 }, deps); // { step: 0, weight: 5, shiftedAt: '2025-01-01T10:00:00.000Z' }
 */
export async function shiftTraffic(event: ShiftEvent, deps: TrafficDeps): Promise<CanaryStep> {
  await setVerified(event.release, event.weight, deps.router);
  return { step: event.step, weight: event.weight, shiftedAt: deps.clock.now().toISOString() };
}

/**
 * All traffic on the candidate. For a model-pin change AppConfig must then say the new pins are live: a release
 * started by hand (`--model-pins N`) was never deployed in AppConfig, so Promote deploys N.
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
  return { version: release.candidateVersion, promotedAt: deps.clock.now().toISOString() };
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
