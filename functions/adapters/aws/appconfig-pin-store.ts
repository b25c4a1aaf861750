/**
 * The model pins as hosted configuration versions in AWS AppConfig. A version is read and checked against the pin
 * rule here too, not only by the AppConfig validator: a document created before the validator existed, or with
 * validation bypassed, must not reach a release. The document's schemas are in release/pins-document.ts.
 */
import {
  AppConfigClient,
  CreateHostedConfigurationVersionCommand,
  GetHostedConfigurationVersionCommand,
  ListDeploymentsCommand,
  StartDeploymentCommand,
  StopDeploymentCommand,
  type BadRequestException,
  type DeploymentSummary, GetDeploymentCommand } from '@aws-sdk/client-appconfig';
import type { PinsDeploymentInProgress, PinStore } from '../../ports/pin-store';
import { checkModelPin } from '../../../evals/engine/pins';
import { modelPinsDocumentSchema } from '../../release/pins-document';
import type { ModelPins } from '../../release/state';
import { DeploymentInProgressError, ReleaseRefusedError } from '../../shared/errors';
import { isServiceError, rethrowTransient } from './service-errors';

/**
 * A deployment that is validating, growing or baking serves its version or is about to: counting only COMPLETE
 * ones would make a rollback believe the previous pins are still live and skip the revert.
 */
const LIVE_STATES: ReadonlySet<string> = new Set(['COMPLETE', 'BAKING', 'DEPLOYING', 'VALIDATING']);
/** The states of a deployment that holds the environment: AppConfig starts no other until it ends. */
const RUNNING_STATES: ReadonlySet<string> = new Set(['BAKING', 'DEPLOYING', 'VALIDATING', 'ROLLING_BACK']);

export interface AppConfigPinStoreIds {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly configurationProfileId: string;
  readonly deploymentStrategyId: string;
}

/**
 * @example
 * const pins = new AppConfigPinStore(new AppConfigClient({}), { applicationId, environmentId, configurationProfileId, deploymentStrategyId });
 * const version = await pins.createHostedVersion({ modelId: 'gpt-4o-2024-11-20' }); // '5'
 * const proposed = await pins.getVersion('4');
 * await pins.deploy('3', '[evalgate] rollback of release r-1');
 */
export class AppConfigPinStore implements PinStore {
  constructor(
    private readonly client: AppConfigClient,
    private readonly ids: AppConfigPinStoreIds,
  ) {}

  async createHostedVersion(pins: unknown): Promise<string> {
    try {
      const { VersionNumber } = await this.client.send(
        new CreateHostedConfigurationVersionCommand({
          ApplicationId: this.ids.applicationId,
          ConfigurationProfileId: this.ids.configurationProfileId,
          Content: new TextEncoder().encode(JSON.stringify(pins)),
          ContentType: 'application/json',
        }),
      );
      return String(VersionNumber);
    } catch (error) {
      // The profile's JSON Schema validator refused the document: a refusal naming the field, not a fault.
      if (isServiceError(error, 'BadRequestException')) throw new ReleaseRefusedError(`model pins document refused: ${validatorProblems(error)}`, { cause: error });
      throw error;
    }
  }

  async getVersion(configurationVersion: string): Promise<ModelPins> {
    const where = `model pins configuration version ${configurationVersion}`;
    const versionNumber = Number(configurationVersion);
    if (!Number.isInteger(versionNumber) || versionNumber < 1) throw new ReleaseRefusedError(`${where} is not a version number`);
    let content: Uint8Array | undefined;
    try {
      ({ Content: content } = await this.client.send(
        new GetHostedConfigurationVersionCommand({ ApplicationId: this.ids.applicationId, ConfigurationProfileId: this.ids.configurationProfileId, VersionNumber: versionNumber }),
      ));
    } catch (error) {
      if (isServiceError(error, 'ResourceNotFoundException')) throw new ReleaseRefusedError(`${where} does not exist`, { cause: error });
      throw error;
    }
    return parsePins(new TextDecoder().decode(content ?? new Uint8Array()), where);
  }

  async deployedVersion(): Promise<string | undefined> {
    // The first one of this profile that was not undone is the live one.
    return (await this.newestDeployment((item) => LIVE_STATES.has(item.State ?? '')))?.ConfigurationVersion;
  }

  async deployedVersionBefore(deploymentNumber: number): Promise<string | undefined> {
    return (await this.newestDeployment((item) => (item.DeploymentNumber ?? Infinity) < deploymentNumber && item.State === 'COMPLETE'))?.ConfigurationVersion;
  }

  async deploymentDescription(deploymentNumber: number): Promise<string | undefined> {
    const deployment = await this.client.send(
      new GetDeploymentCommand({ ApplicationId: this.ids.applicationId, EnvironmentId: this.ids.environmentId, DeploymentNumber: deploymentNumber }),
    );
    return deployment.Description || undefined;
  }

  /** The newest deployment of this profile that matches; ListDeployments returns them newest first. */
  private async newestDeployment(matches: (item: DeploymentSummary) => boolean): Promise<DeploymentSummary | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListDeploymentsCommand({ ApplicationId: this.ids.applicationId, EnvironmentId: this.ids.environmentId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      const found = (page.Items ?? []).find((item) => item.ConfigurationProfileId === this.ids.configurationProfileId && matches(item));
      if (found) return found;
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }

  async deploy(configurationVersion: string, description: string): Promise<void> {
    try {
      await this.client.send(
        new StartDeploymentCommand({
          ApplicationId: this.ids.applicationId,
          EnvironmentId: this.ids.environmentId,
          ConfigurationProfileId: this.ids.configurationProfileId,
          DeploymentStrategyId: this.ids.deploymentStrategyId,
          ConfigurationVersion: configurationVersion,
          Description: description,
        }),
      );
    } catch (error) {
      // Conflict: another deployment is still running on the environment ("only one deployment at a time", AppConfig
      // user guide); it ends on its own, possibly after a long bake, so it is retried as such, not as a blip.
      if (isServiceError(error, 'ConflictException')) {
        throw new DeploymentInProgressError(`deploying model pins version ${configurationVersion}: another deployment is in progress in the environment: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  async inProgressDeployment(): Promise<PinsDeploymentInProgress | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListDeploymentsCommand({ ApplicationId: this.ids.applicationId, EnvironmentId: this.ids.environmentId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      const running = (page.Items ?? []).find((item) => RUNNING_STATES.has(item.State ?? ''));
      if (running) {
        return { deploymentNumber: running.DeploymentNumber!, configurationVersion: running.ConfigurationVersion ?? '', ofPins: running.ConfigurationProfileId === this.ids.configurationProfileId };
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }

  async stopDeployment(deploymentNumber: number): Promise<void> {
    try {
      await this.client.send(
        // AllowRevert: without it StopDeployment works only while DEPLOYING, not BAKING; with it an in-progress
        // deployment is ROLLED_BACK and a completed one REVERTED (StopDeployment, AppConfig API reference).
        new StopDeploymentCommand({ ApplicationId: this.ids.applicationId, EnvironmentId: this.ids.environmentId, DeploymentNumber: deploymentNumber, AllowRevert: true }),
      );
    } catch (error) {
      return rethrowTransient(error, ['ConflictException'], `stopping model pins deployment ${deploymentNumber}`);
    }
  }
}

/**
 * What the validator said, field by field (`Details.InvalidConfiguration`), else the service's message.
 *
 * @example
 * validatorProblems(error); // "/modelId: does not match pattern ... (JSON_SCHEMA)"
 */
function validatorProblems(error: Error): string {
  const details = (error as BadRequestException).Details?.InvalidConfiguration ?? [];
  if (details.length === 0) return error.message;
  return details.map(({ Location, Reason, Type }) => `${Location || 'document'}: ${Reason ?? 'is invalid'}${Type ? ` (${Type})` : ''}`).join('; ');
}

function parsePins(text: string, where: string): ModelPins {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ReleaseRefusedError(`${where} is not JSON`, { cause: error });
  }
  const parsed = modelPinsDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`);
    throw new ReleaseRefusedError(`${where} is not a model pins document: ${problems.join('; ')}`);
  }
  for (const modelId of [parsed.data.modelId, parsed.data.fallbackModelId]) {
    if (modelId === undefined) continue;
    const verdict = checkModelPin(modelId);
    if (!verdict.ok) throw new ReleaseRefusedError(`${where}: model id '${modelId}' is not pinned: ${verdict.reason}`);
  }
  return parsed.data.fallbackModelId === undefined ? { modelId: parsed.data.modelId } : { modelId: parsed.data.modelId, fallbackModelId: parsed.data.fallbackModelId };
}
