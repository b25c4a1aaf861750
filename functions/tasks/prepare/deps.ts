/** Prepare's production dependencies, built once per cold start from the function's environment. */
import { appConfigClient, cloudWatchClient, lambdaClient } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { CloudWatchHealthSource } from '../../adapters/aws/cloudwatch-health-source';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import { LambdaAliasRouter } from '../../adapters/aws/lambda-alias-router';
import { LambdaFunctionRegistry } from '../../adapters/aws/lambda-function-registry';
import { systemClock } from '../../ports/clock';
import type { PrepareDeps } from '../../release/prepare';
import { appConfigIds, readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface PrepareTaskDeps extends PrepareDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): PrepareTaskDeps {
  const config = readEnv(TASK_ENV.prepare, env);
  const lambda = lambdaClient();
  // Undefined with `modelPins: false`: a model-pin release is then refused.
  const pins = appConfigIds(config);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    registry: new LambdaFunctionRegistry(lambda),
    router: new LambdaAliasRouter(lambda),
    healthSource: new CloudWatchHealthSource(cloudWatchClient(), { thresholds: config.EVALGATE_ALARM_THRESHOLDS }),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
    evalShards: config.EVALGATE_EVAL_SHARDS,
    maxReleaseMinutes: config.EVALGATE_MAX_RELEASE_MINUTES,
  };
}
