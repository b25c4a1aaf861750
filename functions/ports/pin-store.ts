import type { ModelPins } from '../release/state';

/** The model pins in AppConfig: hosted configuration versions and the one deployed (live). */
export interface PinStore {
  /** The pins of a hosted configuration version; throws when it does not exist. */
  getVersion(configurationVersion: string): Promise<ModelPins>;
  /** The configuration version AppConfig says is live, if any deployment ever completed. */
  deployedVersion(): Promise<string | undefined>;
  /** Deploys a configuration version (used to revert a rolled-back model change). */
  deploy(configurationVersion: string, description: string): Promise<void>;
}
