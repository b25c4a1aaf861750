/**
 * Promote's production dependencies: the alias router, the clock, the release store (the lock's fence) and, when
 * model pins are managed, the pin store.
 */
import { appConfigClient, lambdaClient } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import { LambdaAliasRouter } from '../../adapters/aws/lambda-alias-router';
import { systemClock } from '../../ports/clock';
import type { PromoteDeps } from '../../release/traffic';
import { appConfigIds, readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface PromoteTaskDeps extends PromoteDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): PromoteTaskDeps {
  const config = readEnv(TASK_ENV.promote, env);
  // Undefined with `modelPins: false`: only a release with pins needs the store (to deploy them if AppConfig does not).
  const pins = appConfigIds(config);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    router: new LambdaAliasRouter(lambdaClient()),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
  };
}
