/** DecideGate: wiring only. The logic is in functions/release/release-gate.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { decideReleaseGate, type GateEvent, type GateDeps } from '../../release/release-gate';
import { releaseSchema, shardSummarySchema } from '../../release/schemas';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export const decideGateEventSchema = z.object({ release: releaseSchema, evals: z.array(shardSummarySchema) }) satisfies z.ZodType<GateEvent>;

export type DecideGateTaskDeps = TaskDeps<GateDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger, suitesDir, policyFile })({ release, evals }, context); // GateOutcome
 */
export const makeHandler = (deps: DecideGateTaskDeps) =>
  middy(async (event: GateEvent) => decideReleaseGate(event, deps)).use(
    releaseTaskChain({ task: 'DecideGate', schema: decideGateEventSchema, logger: deps.logger }),
  );
