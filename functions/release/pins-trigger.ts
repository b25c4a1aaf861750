/**
 * The AppConfig trigger: a deployment of new model pins starts a release. AppConfig invokes the trigger through a
 * custom extension at ON_DEPLOYMENT_START (lib/private/pins-trigger.ts); this decides, from the event, whether the
 * deployment is a pin change to release and with which execution name and input. Deployments of other profiles
 * or environments, and evalgate's own (reverts and promotions), are skipped with the reason.
 *
 * The execution name is derived from the deployment, so a retried invocation starts nothing new: Step Functions
 * returns the running execution for the same name and input.
 */
import { z } from 'zod';
import type { PinStore } from '../ports/pin-store';
import type { ReleaseInput } from './input';
import { isEvalgateDeployment } from './pins-revert';

const VERSION = /^[1-9]\d*$/;
/** Step Functions execution names: 1 to 80 characters. */
const MAX_EXECUTION_NAME = 80;

/**
 * The payload AppConfig sends an extension's Lambda at ON_DEPLOYMENT_START (ON_* points carry no configuration
 * content). Tolerant of fields AppConfig adds (InvocationId, Parameters, names ...): only what the decision reads
 * is required. AppConfig's own samples of the payload (user guide, "Creating a Lambda function for a custom AWS
 * AppConfig extension", request payload) show `"DeploymentNumber": "3"` as a string and `"Description": null`
 * for a deployment started without one: both forms are taken, since AppConfig ignores an ON_* action's errors and
 * a refused event would serve new pins with no release behind them.
 */
export const pinsDeploymentEventSchema = z.looseObject({
  Type: z.string().min(1),
  Application: z.looseObject({ Id: z.string().min(1) }),
  Environment: z.looseObject({ Id: z.string().min(1) }),
  ConfigurationProfile: z.looseObject({ Id: z.string().min(1) }),
  DeploymentNumber: z.union([z.number().int().positive(), z.string().regex(VERSION, 'must be a positive whole number').transform(Number)]),
  ConfigurationVersion: z.string().min(1),
  Description: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined)
    .optional(),
});

export type PinsDeploymentEvent = z.output<typeof pinsDeploymentEventSchema>;

/** The AppConfig application, environment and configuration profile of the model pins. */
export interface PinsProfileIds {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly configurationProfileId: string;
}

export interface PinsTriggerConfig extends PinsProfileIds {
  /** The function and alias a pin change releases. */
  readonly target: { readonly functionName: string; readonly alias: string };
}

export interface PinsTriggerDeps {
  readonly pinsTrigger: PinsTriggerConfig;
  readonly pinStore: Pick<PinStore, 'deployedVersionBefore' | 'deploymentDescription'>;
}

/** The release input of a pin change: a ReleaseInput whose candidate is model pins. */
export type PinsReleaseInput = Omit<ReleaseInput, 'candidate'> & { readonly candidate: Extract<ReleaseInput['candidate'], { modelPins: unknown }> };

export type PinsTriggerDecision =
  | { readonly start: { readonly executionName: string; readonly input: PinsReleaseInput } }
  | { readonly skip: string };

/**
 * The event AppConfig sends at ON_DEPLOYMENT_START; the local stage's pin store sends the same.
 *
 * @example
 * pinsDeploymentEvent({ applicationId: 'abc1234', environmentId: 'env1234', configurationProfileId: 'prf1234',
 *   deploymentNumber: 7, configurationVersion: '3', description: 'pin the 2025-02-14 snapshot' });
 * // { Type: 'OnDeploymentStart', Application: { Id: 'abc1234' }, ..., DeploymentNumber: 7, ConfigurationVersion: '3', ... }
 */
export function pinsDeploymentEvent(
  deployment: PinsProfileIds & { readonly deploymentNumber: number; readonly configurationVersion: string; readonly description?: string },
): PinsDeploymentEvent {
  return {
    Type: 'OnDeploymentStart',
    Application: { Id: deployment.applicationId },
    Environment: { Id: deployment.environmentId },
    ConfigurationProfile: { Id: deployment.configurationProfileId },
    DeploymentNumber: deployment.deploymentNumber,
    ConfigurationVersion: deployment.configurationVersion,
    ...(deployment.description === undefined ? {} : { Description: deployment.description }),
  };
}

/** @example pinsExecutionName(7, '3'); // 'pins-3-d7' */
export const pinsExecutionName = (deploymentNumber: number, configurationVersion: string): string => `pins-${configurationVersion}-d${deploymentNumber}`;

/**
 * @example
 * await decidePinsTrigger(event, { config, pinStore });
 * // { start: { executionName: 'pins-3-d7', input: { target, candidate: { modelPins: { configurationVersion: '3',
 * //   previousConfigurationVersion: '2' } }, change: { source: 'appconfig' } } } }
 * await decidePinsTrigger(revertEvent, deps); // { skip: 'deployment 8 was made by evalgate ([evalgate] rollback of release pins-3-d7)' }
 */
export async function decidePinsTrigger(event: PinsDeploymentEvent, deps: PinsTriggerDeps): Promise<PinsTriggerDecision> {
  const skip = skipReason(event, deps.pinsTrigger);
  if (skip) return { skip };
  // Whether ON_DEPLOYMENT_START events carry the description is not documented: read it from AppConfig if not.
  const description = event.Description ?? (await deps.pinStore.deploymentDescription(event.DeploymentNumber));
  // evalgate's own deployments put back or confirm what serves: releasing them would undo the release that made them.
  if (isEvalgateDeployment(description)) return { skip: `deployment ${event.DeploymentNumber} was made by evalgate (${description})` };
  const configurationVersion = event.ConfigurationVersion;
  const previous = await deps.pinStore.deployedVersionBefore(event.DeploymentNumber);
  // Deploying the configuration already live changes nothing a release could evaluate.
  if (previous === configurationVersion) return { skip: `deployment ${event.DeploymentNumber} deploys configuration ${configurationVersion}, which was already live` };
  const executionName = pinsExecutionName(event.DeploymentNumber, configurationVersion);
  const { target } = deps.pinsTrigger;
  return {
    start: {
      executionName,
      input: {
        target: { functionName: target.functionName, alias: target.alias },
        candidate: { modelPins: { configurationVersion, ...(previous === undefined ? {} : { previousConfigurationVersion: previous }) } },
        change: { source: 'appconfig' },
      },
    },
  };
}

function skipReason(event: PinsDeploymentEvent, config: PinsTriggerConfig): string | undefined {
  const deployment = `deployment ${event.DeploymentNumber}`;
  if (event.Type !== 'OnDeploymentStart') return `${deployment}: action point ${event.Type}, not OnDeploymentStart`;
  if (event.Application.Id !== config.applicationId || event.Environment.Id !== config.environmentId) {
    return `${deployment} is in application ${event.Application.Id} environment ${event.Environment.Id}, not the model pins' ${config.applicationId} ${config.environmentId}`;
  }
  if (event.ConfigurationProfile.Id !== config.configurationProfileId) {
    return `${deployment} deploys configuration profile ${event.ConfigurationProfile.Id}, not the model pins (${config.configurationProfileId})`;
  }
  if (!VERSION.test(event.ConfigurationVersion)) return `${deployment}: configuration version ${event.ConfigurationVersion} is not a hosted version number`;
  // Not reachable with hosted version numbers; kept so a name Step Functions would refuse never leaves here.
  if (pinsExecutionName(event.DeploymentNumber, event.ConfigurationVersion).length > MAX_EXECUTION_NAME) {
    return `${deployment}: configuration version ${event.ConfigurationVersion} makes an execution name over ${MAX_EXECUTION_NAME} characters`;
  }
  return undefined;
}
