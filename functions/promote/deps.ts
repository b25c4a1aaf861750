/** Promote's production dependencies: the alias router and the clock. No environment needed. */
import { lambdaClient } from '../adapters/aws/clients';
import type { Logger } from '@aws-lambda-powertools/logger';
import { LambdaAliasRouter } from '../adapters/aws/lambda-alias-router';
import { systemClock } from '../ports/clock';
import type { TrafficDeps } from '../release/traffic';
import { createReleaseLogger } from '../shared/middleware';

export interface PromoteTaskDeps extends TrafficDeps {
  readonly logger: Logger;
}

/** @example export const handler = makeHandler(awsDeps()); */
export function awsDeps(): PromoteTaskDeps {
  return { logger: createReleaseLogger(), clock: systemClock, router: new LambdaAliasRouter(lambdaClient()) };
}
