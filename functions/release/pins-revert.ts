/**
 * Putting the model pins back. A model-pin change starts with an AppConfig deployment of the new pins, so a release
 * that does not end promoted leaves AppConfig saying the new pins are live while the stable version (the old pins)
 * serves. The rule: the pins AppConfig says are live are the ones serving. Rollback and Finalize both return
 * AppConfig to the configuration the stable version runs, through this one function, but only while AppConfig
 * still serves this release's configuration: a configuration deployed since is someone's newer change, not ours
 * to undo.
 *
 * Every deployment evalgate makes carries one description prefix, so the AppConfig trigger (pins-trigger.ts) can
 * tell them from a person's pin change and does not release evalgate's own reverts.
 */
import type { PinStore } from '../ports/pin-store';
import type { Release } from './state';

/** The description prefix of every AppConfig deployment evalgate makes (reverts and promotions). */
export const EVALGATE_DEPLOYMENT_PREFIX = '[evalgate] ';

/**
 * Deploys a configuration version as evalgate, `what` saying why.
 *
 * @example
 * await deployPins(pinStore, '2', 'rollback of release rel-1'); // Description '[evalgate] rollback of release rel-1'
 */
export function deployPins(pinStore: PinStore, configurationVersion: string, what: string): Promise<void> {
  return pinStore.deploy(configurationVersion, `${EVALGATE_DEPLOYMENT_PREFIX}${what}`);
}

/** The description of the stack's deployment of its initial pins (lib/model-pins.ts, and the local stage's seed). */
export const INITIAL_PINS_DESCRIPTION = `${EVALGATE_DEPLOYMENT_PREFIX}initial pins, deployed with the stack`;

/** @example isEvalgateDeployment('[evalgate] rollback of release rel-1'); // true */
export const isEvalgateDeployment = (description: string | undefined): boolean => description?.startsWith(EVALGATE_DEPLOYMENT_PREFIX) ?? false;

/** What reverting found and did; the caller decides what each case means for its task. */
export type PinsRevert =
  /** The release changed no model pins: nothing to revert. */
  | { readonly status: 'no-pins' }
  /** The live version predates pin tracking: there is no configuration version to return to. */
  | { readonly status: 'untracked'; readonly configurationVersion: string }
  /** AppConfig already served the previous configuration (never deployed, or a retried or repeated revert). */
  | { readonly status: 'already-reverted'; readonly configurationVersion: string }
  /**
   * The previous configuration was deployed now, or AppConfig rolled back to it: the deployment of this release's
   * configuration was still in progress (baking), and was stopped (`stoppedDeployment`).
   */
  | { readonly status: 'reverted'; readonly configurationVersion: string; readonly stoppedDeployment?: number }
  /**
   * AppConfig serves neither this release's configuration nor the previous one (`deployedVersion`, undefined when
   * nothing is deployed): a later change owns it, and it is left alone.
   */
  | { readonly status: 'superseded'; readonly configurationVersion: string; readonly deployedVersion: string | undefined }
  /** The release has pins to revert but this pipeline has no pin store (redeployed with `modelPins: false` mid-release). */
  | { readonly status: 'no-pin-store'; readonly configurationVersion: string };

/**
 * Deploys the configuration the stable version runs while AppConfig serves this release's configuration. Idempotent.
 *
 * @example
 * await revertPins(release, pinStore, 'rollback of release rel-1'); // { status: 'reverted', configurationVersion: '2' }
 * await revertPins(codeRelease, pinStore, '...'); // { status: 'no-pins' }
 */
export async function revertPins(release: Release, pinStore: PinStore | undefined, what: string): Promise<PinsRevert> {
  if (!release.pins) return { status: 'no-pins' };
  const previous = release.pins.previousConfigurationVersion;
  // A live version built before pins were tracked has no configuration version to return to.
  if (previous === undefined) return { status: 'untracked', configurationVersion: release.pins.configurationVersion };
  // Prepare refuses model-pin releases without a pin store, so only a pipeline redeployed mid-release gets here.
  if (!pinStore) return { status: 'no-pin-store', configurationVersion: previous };
  const deployed = await pinStore.deployedVersion();
  if (deployed === previous) return { status: 'already-reverted', configurationVersion: previous };
  if (deployed !== release.pins.configurationVersion) return { status: 'superseded', configurationVersion: previous, deployedVersion: deployed };
  // AppConfig runs one deployment per environment at a time: the person's deployment of these pins may still be
  // baking (their strategy, not evalgate's). A new deployment would be refused (ConflictException) for as long as it
  // bakes; stopping it rolls AppConfig back to what it served before, the stable version's pins.
  const running = await pinStore.inProgressDeployment();
  if (running?.ofPins && running.configurationVersion === release.pins.configurationVersion) {
    await pinStore.stopDeployment(running.deploymentNumber);
    return { status: 'reverted', configurationVersion: previous, stoppedDeployment: running.deploymentNumber };
  }
  await deployPins(pinStore, previous, what);
  return { status: 'reverted', configurationVersion: previous };
}
