/**
 * The model pins as AppConfig hosted configuration versions on the local stage (appconfig.json). A document is
 * validated when it is created, so a scenario learns at once what AppConfig would refuse, and again when a version
 * is read, as the AWS adapter does. Deployments complete at once (evalgate's strategy has no bake), unless started
 * with `startDeployment`, which stays BAKING (a person's strategy) until `completeDeployment`: meanwhile AppConfig's
 * one-deployment-per-environment rule holds.
 *
 * Like an AppConfig extension at ON_DEPLOYMENT_START, listeners hear of every deployment with the very payload
 * AppConfig sends (release/pins-trigger.ts builds both), so the local stage runs the real trigger handler.
 */
import type { PinsDeploymentInProgress, PinStore } from '../../../functions/ports/pin-store';
import { pinsDeploymentEvent, type PinsDeploymentEvent, type PinsProfileIds } from '../../../functions/release/pins-trigger';
import type { ModelPins } from '../../../functions/release/state';
import { DeploymentInProgressError, ReleaseRefusedError } from '../../../functions/shared/errors';
import type { JsonFile } from './json-file';
import { validateModelPinsDocument, type PinsValidator } from './pins-validator';

export interface PinsDeployment {
  readonly deploymentNumber: number;
  readonly configurationVersion: string;
  readonly description: string;
  /** As AppConfig names them: BAKING serves and holds the environment; ROLLED_BACK and REVERTED serve no more. */
  state: 'COMPLETE' | 'BAKING' | 'ROLLED_BACK' | 'REVERTED';
}

/** The states that serve their configuration (the AppConfig store counts a deployment in progress as live). */
const LIVE = new Set<PinsDeployment['state']>(['COMPLETE', 'BAKING']);

export interface AppConfigDocument {
  versions: Record<string, unknown>;
  deployments: PinsDeployment[];
}

export const emptyAppConfig = (): AppConfigDocument => ({ versions: {}, deployments: [] });

/** The ids the local stage's AppConfig goes by (AppConfig ids are 4 to 7 lowercase letters and digits). */
export const LOCAL_PINS_IDS: PinsProfileIds = { applicationId: 'evalapp', environmentId: 'live', configurationProfileId: 'pins' };

/** Hears of a deployment once it is recorded; awaited by `deploy`. */
export type DeploymentStartListener = (event: PinsDeploymentEvent) => void | Promise<void>;

/**
 * @example
 * const pins = new LocalPinStore(new JsonFile('.evalgate/appconfig.json', emptyAppConfig()));
 * pins.onDeploymentStart((event) => triggerHandler(event, context));
 * const version = await pins.createHostedVersion({ modelId: 'sim.assistant-2024-11-20' }); // '1'
 * await pins.deploy(version, 'initial pins');
 * await pins.deployedVersion(); // '1'
 */
export class LocalPinStore implements PinStore {
  private readonly listeners: DeploymentStartListener[] = [];

  constructor(
    private readonly file: JsonFile<AppConfigDocument>,
    private readonly validate: PinsValidator = validateModelPinsDocument,
    private readonly ids: PinsProfileIds = LOCAL_PINS_IDS,
  ) {}

  /** CreateHostedConfigurationVersion: numbered max + 1; an invalid document is refused, naming field and reason. */
  async createHostedVersion(document: unknown): Promise<string> {
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
    return this.file.read().deployments.findLast((deployment) => LIVE.has(deployment.state))?.configurationVersion;
  }

  async deployedVersionBefore(deploymentNumber: number): Promise<string | undefined> {
    return this.file.read().deployments.findLast((deployment) => deployment.deploymentNumber < deploymentNumber && deployment.state === 'COMPLETE')?.configurationVersion;
  }

  async deploymentDescription(deploymentNumber: number): Promise<string | undefined> {
    // AppConfig keeps no empty description (the AppConfig store reads one as none).
    return this.file.read().deployments.find((deployment) => deployment.deploymentNumber === deploymentNumber)?.description || undefined;
  }

  /**
   * Records a deployment, then tells the listeners. Unlike AppConfig, which ignores an extension's failure, a
   * listener's error reaches whoever deployed (the deployment stays recorded): a scenario cannot miss it.
   */
  async deploy(configurationVersion: string, description: string): Promise<void> {
    await this.record(configurationVersion, description, 'COMPLETE');
  }

  /** A deployment with a bake (a person's strategy): BAKING until `completeDeployment`. */
  async startDeployment(configurationVersion: string, description: string): Promise<void> {
    await this.record(configurationVersion, description, 'BAKING');
  }

  /** The bake of the deployment in progress ends: it is COMPLETE. */
  completeDeployment(): void {
    this.file.update((doc) => {
      for (const deployment of doc.deployments) if (deployment.state === 'BAKING') deployment.state = 'COMPLETE';
    });
  }

  async inProgressDeployment(): Promise<PinsDeploymentInProgress | undefined> {
    const running = this.file.read().deployments.find((deployment) => deployment.state === 'BAKING');
    return running && { deploymentNumber: running.deploymentNumber, configurationVersion: running.configurationVersion, ofPins: true };
  }

  /** StopDeployment with AllowRevert: an in-progress deployment is ROLLED_BACK, a completed one REVERTED. */
  async stopDeployment(deploymentNumber: number): Promise<void> {
    this.file.update((doc) => {
      const deployment = doc.deployments.find((d) => d.deploymentNumber === deploymentNumber);
      if (!deployment) throw new ReleaseRefusedError(`model pins deployment ${deploymentNumber} does not exist`);
      if (deployment.state === 'BAKING') deployment.state = 'ROLLED_BACK';
      else if (deployment.state === 'COMPLETE') deployment.state = 'REVERTED';
    });
  }

  private async record(configurationVersion: string, description: string, state: PinsDeployment['state']): Promise<void> {
    await this.getVersion(configurationVersion);
    const deployment = this.file.update((doc) => {
      const running = doc.deployments.find((d) => d.state === 'BAKING');
      // "Only one deployment at a time per environment" (AppConfig): StartDeployment answers ConflictException.
      if (running) {
        throw new DeploymentInProgressError(`deploying model pins version ${configurationVersion}: another deployment is in progress in the environment: deployment ${running.deploymentNumber} of configuration ${running.configurationVersion} is BAKING`);
      }
      const recorded: PinsDeployment = { deploymentNumber: doc.deployments.length + 1, configurationVersion: String(Number(configurationVersion)), description, state };
      doc.deployments.push(recorded);
      return recorded;
    });
    const event = pinsDeploymentEvent({ ...this.ids, deploymentNumber: deployment.deploymentNumber, configurationVersion: deployment.configurationVersion, description });
    for (const listener of this.listeners) await listener(event);
  }

  /** Adds a listener for every later deployment, as an extension associated at ON_DEPLOYMENT_START. */
  onDeploymentStart(listener: DeploymentStartListener): void {
    this.listeners.push(listener);
  }

  /** Every deployment, oldest first. */
  deployments(): readonly PinsDeployment[] {
    return this.file.read().deployments;
  }
}
