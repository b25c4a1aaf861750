/** ShiftTraffic's production dependencies: the alias router, the clock and the release store (the lock's fence). */
import { lambdaClient } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import { LambdaAliasRouter } from '../../adapters/aws/lambda-alias-router';
import { systemClock } from '../../ports/clock';
import type { ShiftDeps } from '../../release/traffic';
import { readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface ShiftTrafficTaskDeps extends ShiftDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): ShiftTrafficTaskDeps {
  const config = readEnv(TASK_ENV.shiftTraffic, env);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    router: new LambdaAliasRouter(lambdaClient()),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
  };
}
