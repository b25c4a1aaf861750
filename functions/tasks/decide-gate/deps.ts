/** DecideGate's production dependencies, built once per cold start from the function's environment. */
import { cloudWatchClient, s3Client } from '../../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchHealthSource } from '../../adapters/aws/cloudwatch-health-source';
import { S3ReportStore } from '../../adapters/aws/s3-report-store';
import { systemClock } from '../../ports/clock';
import type { GateDeps } from '../../release/release-gate';
import { readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface DecideGateTaskDeps extends GateDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): DecideGateTaskDeps {
  const config = readEnv(TASK_ENV.decideGate, env);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    reportStore: new S3ReportStore(s3Client(), config.EVALGATE_REPORTS_BUCKET),
    healthSource: new CloudWatchHealthSource(cloudWatchClient(), { thresholds: config.EVALGATE_ALARM_THRESHOLDS }),
    suitesDir: config.EVALGATE_SUITES_DIR,
    policyFile: config.EVALGATE_POLICY_FILE,
  };
}
