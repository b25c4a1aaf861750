import type { PinsDeploymentInProgress, PinStore } from '../../../functions/ports/pin-store';
import type { ModelPins } from '../../../functions/release/state';
import { DeploymentInProgressError, ReleaseRefusedError } from '../../../functions/shared/errors';
import { validateModelPinsDocument } from '../../../lib/local-stage/services/pins-validator';
import { Faults } from './faults';

/**
 * Hosted configuration versions of the model pins and the one deployed, as in AppConfig. The version deployed at
 * construction is deployment 1; `deployments` lists only those made afterwards. What AppConfig and the AppConfig
 * store refuse is refused here too (test/contracts/pin-store.contract.ts).
 */
export class FakePinStore
  extends Faults<'createHostedVersion' | 'getVersion' | 'deployedVersion' | 'deployedVersionBefore' | 'deploymentDescription' | 'deploy' | 'inProgressDeployment' | 'stopDeployment'>
  implements PinStore
{
  private readonly versions: Map<string, ModelPins>;
  readonly deployments: Array<{ readonly configurationVersion: string; readonly description: string }> = [];
  private readonly numbered: Array<{ readonly deploymentNumber: number; readonly configurationVersion: string; readonly description?: string }>;
  /** A deployment still baking (a person's strategy), started with `startDeployment`. */
  private baking?: { readonly deploymentNumber: number; readonly configurationVersion: string };
  /** The deployments stopped, by number. */
  readonly stopped: number[] = [];

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

  /** The local stage's validator stands in for AppConfig's: it refuses what the profile's JSON Schema refuses. */
  async createHostedVersion(pins: unknown): Promise<string> {
    this.check('createHostedVersion');
    const problems = validateModelPinsDocument(pins);
    if (problems.length > 0) throw new ReleaseRefusedError(`model pins document refused: ${problems.join('; ')}`);
    const { modelId, fallbackModelId } = pins as ModelPins;
    const version = String(Math.max(0, ...[...this.versions.keys()].map(Number)) + 1);
    this.versions.set(version, fallbackModelId === undefined ? { modelId } : { modelId, fallbackModelId });
    return version;
  }

  /** Refused as the AppConfig store refuses it: not a version number, or no such version. */
  async getVersion(configurationVersion: string): Promise<ModelPins> {
    this.check('getVersion');
    const where = `model pins configuration version ${configurationVersion}`;
    const versionNumber = Number(configurationVersion);
    if (!Number.isInteger(versionNumber) || versionNumber < 1) throw new ReleaseRefusedError(`${where} is not a version number`);
    const pins = this.versions.get(String(versionNumber));
    // The service's error code in front: test/functions/release/prepare.test.ts expects it there.
    if (!pins) throw new ReleaseRefusedError(`ResourceNotFoundException: configuration version ${configurationVersion} does not exist`);
    return pins;
  }

  async deployedVersion(): Promise<string | undefined> {
    this.check('deployedVersion');
    return this.deployed;
  }

  async deployedVersionBefore(deploymentNumber: number): Promise<string | undefined> {
    this.check('deployedVersionBefore');
    // Only completed deployments: a stopped one (rolled back, reverted) served only for a while.
    return this.numbered.findLast((deployment) => deployment.deploymentNumber < deploymentNumber && !this.stopped.includes(deployment.deploymentNumber))?.configurationVersion;
  }

  async deploymentDescription(deploymentNumber: number): Promise<string | undefined> {
    this.check('deploymentDescription');
    // AppConfig keeps no empty description.
    return this.numbered.find((deployment) => deployment.deploymentNumber === deploymentNumber)?.description || undefined;
  }

  async deploy(configurationVersion: string, description: string): Promise<void> {
    this.check('deploy');
    if (this.baking) {
      throw new DeploymentInProgressError(`deploying model pins version ${configurationVersion}: deployment ${this.baking.deploymentNumber} of configuration ${this.baking.configurationVersion} is in progress`);
    }
    await this.record(configurationVersion, description);
  }

  /** A deployment that bakes (serving, as AppConfig counts it) until `completeDeployment`; no other may start meanwhile. */
  async startDeployment(configurationVersion: string, description: string): Promise<void> {
    await this.deploy(configurationVersion, description);
    this.baking = this.numbered.at(-1)!;
  }

  completeDeployment(): void {
    this.baking = undefined;
  }

  async inProgressDeployment(): Promise<PinsDeploymentInProgress | undefined> {
    this.check('inProgressDeployment');
    return this.baking && { deploymentNumber: this.baking.deploymentNumber, configurationVersion: this.baking.configurationVersion, ofPins: true };
  }

  /** In progress: rolled back to what served before it; the last completed one: reverted likewise. */
  async stopDeployment(deploymentNumber: number): Promise<void> {
    this.check('stopDeployment');
    const index = this.numbered.findIndex((deployment) => deployment.deploymentNumber === deploymentNumber);
    if (index < 0) throw new ReleaseRefusedError(`model pins deployment ${deploymentNumber} does not exist`);
    this.stopped.push(deploymentNumber);
    if (this.baking?.deploymentNumber === deploymentNumber) this.baking = undefined;
    if (index === this.numbered.length - 1) this.deployed = this.numbered.slice(0, index).findLast((d) => !this.stopped.includes(d.deploymentNumber))?.configurationVersion;
  }

  private async record(configurationVersion: string, description: string): Promise<void> {
    await this.getVersion(configurationVersion);
    const deployed = String(Number(configurationVersion));
    this.deployed = deployed;
    this.deployments.push({ configurationVersion: deployed, description });
    this.numbered.push({ deploymentNumber: this.numbered.length + 1, configurationVersion: deployed, description });
  }
}
