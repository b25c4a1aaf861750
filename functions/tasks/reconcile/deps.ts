/** The reconciler's production dependencies, built once per cold start from the function's environment. */
import { appConfigClient, cloudWatchClient, lambdaClient, s3Client, snsClient } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { CloudWatchHealthSource } from '../../adapters/aws/cloudwatch-health-source';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import { LambdaAliasRouter } from '../../adapters/aws/lambda-alias-router';
import { S3ReportStore } from '../../adapters/aws/s3-report-store';
import { SnsNotifier } from '../../adapters/aws/sns-notifier';
import { systemClock } from '../../ports/clock';
import type { ReconcileDeps } from '../../release/reconcile';
import { appConfigIds, readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface ReconcileTaskDeps extends ReconcileDeps {
  readonly logger: Logger;
}

/**
 * The reconciler ends a release as Rollback and Finalize would, so it reads Finalize's environment (a superset of
 * Rollback's); the alias router needs none.
 *
 * @example export const handler = makeHandler(awsDeps());
 */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): ReconcileTaskDeps {
  const config = readEnv(TASK_ENV.finalize, env);
  // Undefined with `modelPins: false`: only a release with pins needs the store.
  const pins = appConfigIds(config);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    router: new LambdaAliasRouter(lambdaClient()),
    healthSource: new CloudWatchHealthSource(cloudWatchClient(), { thresholds: config.EVALGATE_ALARM_THRESHOLDS }),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
    reportStore: new S3ReportStore(s3Client(), config.EVALGATE_REPORTS_BUCKET),
    notifier: new SnsNotifier(snsClient(), config.EVALGATE_TOPIC_ARN),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
  };
}
