/**
 * The model pins as AppConfig hosted configuration versions on the local stage (appconfig.json). A document is
 * validated when it is created, so a scenario learns at once what AppConfig would refuse, and again when a version
 * is read, as the AWS adapter does. Deployments complete at once: there is no deployment strategy to bake.
 */
import type { PinStore } from '../../ports/pin-store';
import type { ModelPins } from '../../release/state';
import { ReleaseRefusedError } from '../../shared/errors';
import type { JsonFile } from './json-file';
import { validateModelPinsDocument, type PinsValidator } from './pins-validator';

export interface PinsDeployment {
  readonly deploymentNumber: number;
  readonly configurationVersion: string;
  readonly description: string;
  readonly state: 'COMPLETE';
}

export interface AppConfigDocument {
  versions: Record<string, unknown>;
  deployments: PinsDeployment[];
}

export const emptyAppConfig = (): AppConfigDocument => ({ versions: {}, deployments: [] });

/**
 * @example
 * const pins = new LocalPinStore(new JsonFile('.evalgate/appconfig.json', emptyAppConfig()));
 * const version = pins.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' }); // '1'
 * await pins.deploy(version, 'initial pins');
 * await pins.deployedVersion(); // '1'
 */
export class LocalPinStore implements PinStore {
  constructor(
    private readonly file: JsonFile<AppConfigDocument>,
    private readonly validate: PinsValidator = validateModelPinsDocument,
  ) {}

  /** CreateHostedConfigurationVersion: numbered max + 1; an invalid document is refused, naming field and reason. */
  createHostedVersion(document: unknown): string {
    const problems = this.validate(document);
    if (problems.length > 0) throw new ReleaseRefusedError(`model pins document refused: ${problems.join('; ')}`);
    return this.file.update((doc) => {
      const version = String(Math.max(0, ...Object.keys(doc.versions).map(Number)) + 1);
      doc.versions[version] = structuredClone(document);
      return version;
    });
  }

  async getVersion(configurationVersion: string): Promise<ModelPins> {
    const where = `model pins configuration version ${configurationVersion}`;
    const versionNumber = Number(configurationVersion);
    if (!Number.isInteger(versionNumber) || versionNumber < 1) throw new ReleaseRefusedError(`${where} is not a version number`);
    const document = this.file.read().versions[String(versionNumber)];
    if (document === undefined) throw new ReleaseRefusedError(`${where} does not exist`);
    // The file may have been edited by hand: what was valid when created is checked again.
    const problems = this.validate(document);
    if (problems.length > 0) throw new ReleaseRefusedError(`${where}: ${problems.join('; ')}`);
    const { modelId, fallbackModelId } = document as ModelPins;
    return fallbackModelId === undefined ? { modelId } : { modelId, fallbackModelId };
  }

  async deployedVersion(): Promise<string | undefined> {
    return this.file.read().deployments.at(-1)?.configurationVersion;
  }

  async deploy(configurationVersion: string, description: string): Promise<void> {
    await this.getVersion(configurationVersion);
    this.file.update((doc) => {
      doc.deployments.push({ deploymentNumber: doc.deployments.length + 1, configurationVersion: String(Number(configurationVersion)), description, state: 'COMPLETE' });
    });
  }

  /** Every deployment, oldest first. */
  deployments(): readonly PinsDeployment[] {
    return this.file.read().deployments;
  }
}
