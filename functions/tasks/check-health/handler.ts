/** CheckHealthN (after each bake): wiring only. The logic is in functions/release/canary.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { checkHealth, type HealthEvent, type HealthDeps } from '../../release/canary';
import { canaryStepSchema, releaseSchema } from '../../release/schemas';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export const checkHealthEventSchema = z.object({ release: releaseSchema, canary: canaryStepSchema, bakeMs: z.number().int().min(0), minRequests: z.number().int().min(0).optional() }) satisfies z.ZodType<HealthEvent>;

export type CheckHealthTaskDeps = TaskDeps<HealthDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger, extraAlarms: [] })({ release, canary, bakeMs: 1_800_000 }, context); // HealthVerdict
 */
export const makeHandler = (deps: CheckHealthTaskDeps) =>
  middy(async (event: HealthEvent) => checkHealth(event, deps)).use(
    releaseTaskChain({ task: 'CheckHealth', schema: checkHealthEventSchema, logger: deps.logger }),
  );
