/** FinalizeX (every terminal path): wiring only. The logic is in functions/release/finalize.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { finalize } from '../../release/finalize';
import type { FinalizeEvent } from '../../release/record';
import { absentOrNull, gateOutcomeSchema, healthVerdictSchema, releaseSchema, taskErrorSchema } from '../../release/schemas';
import type { FinalizeDeps } from '../../release/finalize';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

/** `aborted` (FinalizeAborted) lets the error decide between refused and failed. */
export const finalizeEventSchema = z.object({
  outcome: z.enum(['promoted', 'blocked', 'rolled-back', 'refused', 'failed', 'aborted']),
  // The execution input as given: a refused release may have been refused for this very input.
  input: z.unknown(),
  executionName: z.string().min(1),
  release: absentOrNull(releaseSchema),
  gate: absentOrNull(gateOutcomeSchema),
  health: absentOrNull(healthVerdictSchema),
  error: absentOrNull(taskErrorSchema),
}) satisfies z.ZodType<FinalizeEvent>;

export type FinalizeTaskDeps = TaskDeps<FinalizeDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })({ outcome: 'promoted', input, executionName: 'rel-1', release }, context); // ReleaseRecord
 */
export const makeHandler = (deps: FinalizeTaskDeps) =>
  middy(async (event: FinalizeEvent) => finalize(event, deps)).use(
    releaseTaskChain({ task: 'Finalize', schema: finalizeEventSchema, logger: deps.logger }),
  );
