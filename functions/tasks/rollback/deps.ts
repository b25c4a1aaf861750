/** Rollback's production dependencies, built once per cold start from the function's environment. */
import { appConfigClient, lambdaClient } from '../../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { LambdaAliasRouter } from '../../adapters/aws/lambda-alias-router';
import { systemClock } from '../../ports/clock';
import type { RollbackDeps } from '../../release/traffic';
import { appConfigIds, readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface RollbackTaskDeps extends RollbackDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): RollbackTaskDeps {
  const config = readEnv(TASK_ENV.rollback, env);
  // Undefined with `modelPins: false`: only a release with pins needs the store.
  const pins = appConfigIds(config);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    router: new LambdaAliasRouter(lambdaClient()),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
  };
}
