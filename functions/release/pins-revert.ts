/**
 * Putting the model pins back. A model-pin change starts with an AppConfig deployment of the new pins, so a release
 * that does not end promoted leaves AppConfig saying the new pins are live while the stable version (the old pins)
 * serves. The rule: the pins AppConfig says are live are the ones serving. Rollback and Finalize (blocked, refused,
 * failed) both return AppConfig to the configuration the stable version runs, through this one function.
 */
import type { PinStore } from '../ports/pin-store';
import type { Release } from './state';

/** What reverting found and did; the caller decides what each case means for its task. */
export type PinsRevert =
  /** The release changed no model pins: nothing to revert. */
  | { readonly status: 'no-pins' }
  /** The live version predates pin tracking: there is no configuration version to return to. */
  | { readonly status: 'untracked'; readonly configurationVersion: string }
  /** AppConfig already served the previous configuration (never deployed, or a retried or repeated revert). */
  | { readonly status: 'already-reverted'; readonly configurationVersion: string }
  /** The previous configuration was deployed now. */
  | { readonly status: 'reverted'; readonly configurationVersion: string }
  /** The release has pins to revert but this pipeline has no pin store (redeployed with `modelPins: false` mid-release). */
  | { readonly status: 'no-pin-store'; readonly configurationVersion: string };

/**
 * Deploys the configuration the stable version runs, unless AppConfig already serves it. Idempotent.
 *
 * @example
 * await revertPins(release, pinStore, 'evalgate rollback of release rel-1'); // { status: 'reverted', configurationVersion: '2' }
 * await revertPins(codeRelease, pinStore, '...'); // { status: 'no-pins' }
 */
export async function revertPins(release: Release, pinStore: PinStore | undefined, description: string): Promise<PinsRevert> {
  if (!release.pins) return { status: 'no-pins' };
  const previous = release.pins.previousConfigurationVersion;
  // A live version built before pins were tracked has no configuration version to return to.
  if (previous === undefined) return { status: 'untracked', configurationVersion: release.pins.configurationVersion };
  // Prepare refuses model-pin releases without a pin store, so only a pipeline redeployed mid-release gets here.
  if (!pinStore) return { status: 'no-pin-store', configurationVersion: previous };
  if ((await pinStore.deployedVersion()) === previous) return { status: 'already-reverted', configurationVersion: previous };
  await pinStore.deploy(previous, description);
  return { status: 'reverted', configurationVersion: previous };
}
