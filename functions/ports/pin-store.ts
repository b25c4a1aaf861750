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
  /**
   * Deploys a configuration version (a revert, or a promotion's pins). AppConfig runs one deployment per environment
   * at a time: while another is in progress this throws DeploymentInProgressError.
   */
  deploy(configurationVersion: string, description: string): Promise<void>;
  /** The deployment in progress in the pins' environment (deploying, baking or validating), if any. */
  inProgressDeployment(): Promise<PinsDeploymentInProgress | undefined>;
  /**
   * Stops a deployment of the pins (StopDeployment with AllowRevert): in progress, AppConfig rolls it back to the
   * configuration before it; completed, it reverts it.
   */
  stopDeployment(deploymentNumber: number): Promise<void>;
}

export interface PinsDeploymentInProgress {
  readonly deploymentNumber: number;
  readonly configurationVersion: string;
  /** Whether it deploys the model pins' profile (another profile's deployment blocks the environment too). */
  readonly ofPins: boolean;
}
