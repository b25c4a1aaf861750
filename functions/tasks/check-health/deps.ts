/** CheckHealth's production dependencies, built once per cold start from the function's environment. */
import { cloudWatchClient } from '../../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchHealthSource } from '../../adapters/aws/cloudwatch-health-source';
import { systemClock } from '../../ports/clock';
import type { HealthDeps } from '../../release/canary';
import { readEnv, TASK_ENV } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';

export interface CheckHealthTaskDeps extends HealthDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): CheckHealthTaskDeps {
  const config = readEnv(TASK_ENV.checkHealth, env);
  return {
    logger: createReleaseLogger(),
    clock: systemClock,
    healthSource: new CloudWatchHealthSource(cloudWatchClient(), { thresholds: config.EVALGATE_ALARM_THRESHOLDS }),
    extraAlarms: config.EVALGATE_EXTRA_ALARMS ?? [],
  };
}
