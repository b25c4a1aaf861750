/**
 * The model pins as hosted configuration versions in AWS AppConfig. A version is read and checked against the pin
 * rule here too, not only by the AppConfig validator: a document created before the validator existed, or with
 * validation bypassed, must not reach a release. The document's schemas are in release/pins-document.ts.
 */
import {
  AppConfigClient,
  GetHostedConfigurationVersionCommand,
  ListDeploymentsCommand,
  StartDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import type { PinStore } from '../../ports/pin-store';
import { checkModelPin } from '../../release/pins';
import { modelPinsDocumentSchema } from '../../release/pins-document';
import type { ModelPins } from '../../release/state';
import { ReleaseRefusedError } from '../../shared/errors';
import { isServiceError, rethrowTransient } from './service-errors';

/**
 * A deployment that is validating, growing or baking serves its version or is about to: counting only COMPLETE
 * ones would make a rollback believe the previous pins are still live and skip the revert.
 */
const LIVE_STATES: ReadonlySet<string> = new Set(['COMPLETE', 'BAKING', 'DEPLOYING', 'VALIDATING']);

export interface AppConfigPinStoreIds {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly configurationProfileId: string;
  readonly deploymentStrategyId: string;
}

/**
 * @example
 * const pins = new AppConfigPinStore(new AppConfigClient({}), { applicationId, environmentId, configurationProfileId, deploymentStrategyId });
 * const proposed = await pins.getVersion('4');
 * await pins.deploy('3', 'evalgate: revert model pins of release r-1');
 */
export class AppConfigPinStore implements PinStore {
  constructor(
    private readonly client: AppConfigClient,
    private readonly ids: AppConfigPinStoreIds,
  ) {}

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
    let nextToken: string | undefined;
    do {
      // Deployments come newest first, so the first one of this profile that was not undone is the live one.
      const page = await this.client.send(
        new ListDeploymentsCommand({ ApplicationId: this.ids.applicationId, EnvironmentId: this.ids.environmentId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      const live = (page.Items ?? []).find((item) => item.ConfigurationProfileId === this.ids.configurationProfileId && LIVE_STATES.has(item.State ?? ''));
      if (live) return live.ConfigurationVersion;
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
      // Conflict: another deployment is still running on the environment; it finishes on its own.
      return rethrowTransient(error, ['ConflictException'], `deploying model pins version ${configurationVersion}`);
    }
  }
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
