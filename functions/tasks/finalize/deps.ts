/** Finalize's production dependencies, built once per cold start from the function's environment. */
import { appConfigClient, cloudWatchClient, s3Client, snsClient } from '../../adapters/aws/clients';
import { dynamoDocumentClient } from '../../adapters/aws/dynamodb-client';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppConfigPinStore } from '../../adapters/aws/appconfig-pin-store';
import { CloudWatchHealthSource } from '../../adapters/aws/cloudwatch-health-source';
import { DynamoDbReleaseStore } from '../../adapters/aws/dynamodb-release-store';
import { S3ReportStore } from '../../adapters/aws/s3-report-store';
import { SnsNotifier } from '../../adapters/aws/sns-notifier';
import { systemClock } from '../../ports/clock';
import type { FinalizeDeps } from '../../release/finalize';
import { appConfigIds, readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface FinalizeTaskDeps extends FinalizeDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): FinalizeTaskDeps {
  const config = readEnv(TASK_ENV.finalize, env);
  // Undefined with `modelPins: false`: only a release with pins needs the store (to revert them).
  const pins = appConfigIds(config);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    healthSource: new CloudWatchHealthSource(cloudWatchClient(), { thresholds: config.EVALGATE_ALARM_THRESHOLDS }),
    releaseStore: new DynamoDbReleaseStore(dynamoDocumentClient(), config.EVALGATE_TABLE_NAME),
    reportStore: new S3ReportStore(s3Client(), config.EVALGATE_REPORTS_BUCKET),
    notifier: new SnsNotifier(snsClient(), config.EVALGATE_TOPIC_ARN),
    ...(pins ? { pinStore: new AppConfigPinStore(appConfigClient(), pins) } : {}),
  };
}
