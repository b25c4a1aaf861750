/** The AppConfig trigger's production dependencies, built once per cold start from the function's environment. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { appConfigClient, sfnClient } from '../../adapters/aws/clients';
import { StepFunctionsReleaseStarter } from '../../adapters/aws/step-functions';
import type { ReleaseStarter } from '../../ports/release-starter';
import type { PinsTriggerDeps } from '../../release/pins-trigger';
import { readEnv, PINS_TRIGGER_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface PinsTriggerHandlerDeps extends PinsTriggerDeps {
  readonly starter: ReleaseStarter;
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): PinsTriggerHandlerDeps {
  const config = readEnv(PINS_TRIGGER_ENV, env);
  const ids = {
    applicationId: config.EVALGATE_APPCONFIG_APPLICATION_ID,
    environmentId: config.EVALGATE_APPCONFIG_ENVIRONMENT_ID,
    configurationProfileId: config.EVALGATE_APPCONFIG_PROFILE_ID,
  };
  return {
    logger: createReleaseLogger(),
    config: { ...ids, target: { functionName: config.EVALGATE_TARGET_FUNCTION_NAME, alias: config.EVALGATE_TARGET_ALIAS } },
    pinStore: new AppConfigPinStore(appConfigClient(), { ...ids, deploymentStrategyId: config.EVALGATE_APPCONFIG_STRATEGY_ID }),
    starter: new StepFunctionsReleaseStarter(sfnClient(), config.EVALGATE_STATE_MACHINE_ARN),
  };
}
