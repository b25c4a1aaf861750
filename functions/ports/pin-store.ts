import type { ModelPins } from '../release/state';

/** The model pins in AppConfig: hosted configuration versions and the one deployed (live). */
export interface PinStore {
  /**
   * Hosts a new configuration version (not deployed) and returns its number. AppConfig's validator checks the
   * document: a refused one is a ReleaseRefusedError naming the field and the reason.
   */
  createHostedVersion(pins: unknown): Promise<string>;
  /** The pins of a hosted configuration version; throws when it does not exist. */
  getVersion(configurationVersion: string): Promise<ModelPins>;
  /** The configuration version AppConfig says is live, if any deployment ever completed. */
  deployedVersion(): Promise<string | undefined>;
  /**
   * The configuration of the last COMPLETE deployment numbered below `deploymentNumber`: what AppConfig served
   * before that deployment started. Undefined when none completed before it.
   */
  deployedVersionBefore(deploymentNumber: number): Promise<string | undefined>;
  /**
   * The description a deployment was started with (evalgate marks its own), or undefined when there is none.
   * The trigger reads it when AppConfig's extension event does not carry it.
   */
  deploymentDescription(deploymentNumber: number): Promise<string | undefined>;
  /** Deploys a configuration version (a revert, or a promotion's pins). */
  deploy(configurationVersion: string, description: string): Promise<void>;
}
