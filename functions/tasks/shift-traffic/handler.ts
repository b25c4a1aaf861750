/** ShiftTrafficN (one state per canary step): wiring only. The logic is in functions/release/traffic.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { releaseSchema } from '../../release/schemas';
import { shiftTraffic, type ShiftEvent, type ShiftDeps } from '../../release/traffic';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

/** Canary weights are rendered at synth time from validated steps: 0 (rollback) never comes through here. */
export const shiftTrafficEventSchema = z.object({
  release: releaseSchema,
  step: z.number().int().min(0),
  weight: z.number().gt(0, 'weight must be more than 0 (rollback is its own task)').max(100, 'weight must be at most 100'),
}) satisfies z.ZodType<ShiftEvent>;

export type ShiftTrafficTaskDeps = TaskDeps<ShiftDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })({ release, step: 0, weight: 5 }, context); // CanaryStep
 */
export const makeHandler = (deps: ShiftTrafficTaskDeps) =>
  middy(async (event: ShiftEvent) => shiftTraffic(event, deps)).use(
    releaseTaskChain({ task: 'ShiftTraffic', schema: shiftTrafficEventSchema, logger: deps.logger }),
  );
