/** Promote's production dependencies: the alias router, the clock and, when model pins are managed, the pin store. */
import { appConfigClient, lambdaClient } from '../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../adapters/aws/appconfig-pin-store';
import { LambdaAliasRouter } from '../adapters/aws/lambda-alias-router';
import { systemClock } from '../ports/clock';
import type { PromoteDeps } from '../release/traffic';
import { appConfigIds, readEnv, TASK_ENV } from '../shared/env';
import { createReleaseLogger } from '../shared/middleware';

export interface PromoteTaskDeps extends PromoteDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): PromoteTaskDeps {
  // Undefined with `modelPins: false`: only a release with pins needs the store (to deploy them if AppConfig does not).
  const pins = appConfigIds(readEnv(TASK_ENV.promote, env));
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    router: new LambdaAliasRouter(lambdaClient()),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
  };
}
