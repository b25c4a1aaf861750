import type { PinStore } from '../../../functions/ports/pin-store';
import type { ModelPins } from '../../../functions/release/state';
import { Faults } from './faults';

/** Hosted configuration versions of the model pins and the one deployed, as in AppConfig. */
export class FakePinStore extends Faults<'getVersion' | 'deployedVersion' | 'deploy'> implements PinStore {
  private readonly versions: Map<string, ModelPins>;
  readonly deployments: Array<{ readonly configurationVersion: string; readonly description: string }> = [];

  constructor(
    versions: Readonly<Record<string, ModelPins>> = {},
    private deployed?: string,
  ) {
    super();
    this.versions = new Map(Object.entries(versions));
  }

  /** Hosts a new configuration version (not deployed). */
  add(configurationVersion: string, pins: ModelPins): void {
    this.versions.set(configurationVersion, pins);
  }

  async getVersion(configurationVersion: string): Promise<ModelPins> {
    this.check('getVersion');
    const pins = this.versions.get(configurationVersion);
    if (!pins) throw new Error(`ResourceNotFoundException: configuration version ${configurationVersion} does not exist`);
    return pins;
  }

  async deployedVersion(): Promise<string | undefined> {
    this.check('deployedVersion');
    return this.deployed;
  }

  async deploy(configurationVersion: string, description: string): Promise<void> {
    this.check('deploy');
    await this.getVersion(configurationVersion);
    this.deployed = configurationVersion;
    this.deployments.push({ configurationVersion, description });
  }
}
