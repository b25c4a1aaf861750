/** DecideGate: wiring only. The logic is in functions/release/release-gate.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { decideReleaseGate, type GateEvent } from '../../release/release-gate';
import { releaseSchema, shardSummarySchema } from '../../release/schemas';
import { releaseTaskChain } from '../../shared/middleware';
import { awsDeps, type DecideGateTaskDeps } from './deps';

export const decideGateEventSchema = z.object({ release: releaseSchema, evals: z.array(shardSummarySchema) }) satisfies z.ZodType<GateEvent>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger, suitesDir, policyFile })({ release, evals }, context); // GateOutcome
 */
export const makeHandler = (deps: DecideGateTaskDeps) =>
  middy(async (event: GateEvent) => decideReleaseGate(event, deps)).use(
    releaseTaskChain({ task: 'DecideGate', schema: decideGateEventSchema, logger: deps.logger }),
  );

export const handler = makeHandler(awsDeps());
