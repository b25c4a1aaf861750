import type { PinStore } from '../../../functions/ports/pin-store';
import { modelPinsDocumentSchema } from '../../../functions/release/pins-document';
import type { ModelPins } from '../../../functions/release/state';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
import { Faults } from './faults';

/**
 * Hosted configuration versions of the model pins and the one deployed, as in AppConfig. The version deployed at
 * construction is deployment 1; `deployments` lists only those made afterwards.
 */
export class FakePinStore extends Faults<'createHostedVersion' | 'getVersion' | 'deployedVersion' | 'deployedVersionBefore' | 'deploymentDescription' | 'deploy'> implements PinStore {
  private readonly versions: Map<string, ModelPins>;
  readonly deployments: Array<{ readonly configurationVersion: string; readonly description: string }> = [];
  private readonly numbered: Array<{ readonly deploymentNumber: number; readonly configurationVersion: string; readonly description?: string }>;

  constructor(
    versions: Readonly<Record<string, ModelPins>> = {},
    private deployed?: string,
  ) {
    super();
    this.versions = new Map(Object.entries(versions));
    this.numbered = deployed === undefined ? [] : [{ deploymentNumber: 1, configurationVersion: deployed }];
  }

  /** Hosts a new configuration version (not deployed). */
  add(configurationVersion: string, pins: ModelPins): void {
    this.versions.set(configurationVersion, pins);
  }

  /** The schema stands in for AppConfig's validator: it refuses what is not a pins document. */
  async createHostedVersion(pins: unknown): Promise<string> {
    this.check('createHostedVersion');
    const parsed = modelPinsDocumentSchema.safeParse(pins);
    if (!parsed.success) throw new ReleaseRefusedError(`model pins document refused: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    const version = String(Math.max(0, ...[...this.versions.keys()].map(Number)) + 1);
    this.versions.set(version, parsed.data);
    return version;
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

  async deployedVersionBefore(deploymentNumber: number): Promise<string | undefined> {
    this.check('deployedVersionBefore');
    return this.numbered.findLast((deployment) => deployment.deploymentNumber < deploymentNumber)?.configurationVersion;
  }

  async deploymentDescription(deploymentNumber: number): Promise<string | undefined> {
    this.check('deploymentDescription');
    return this.numbered.find((deployment) => deployment.deploymentNumber === deploymentNumber)?.description;
  }

  async deploy(configurationVersion: string, description: string): Promise<void> {
    this.check('deploy');
    await this.getVersion(configurationVersion);
    this.deployed = configurationVersion;
    this.deployments.push({ configurationVersion, description });
    this.numbered.push({ deploymentNumber: this.numbered.length + 1, configurationVersion, description });
  }
}
