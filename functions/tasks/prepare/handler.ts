/** Prepare (first state): wiring only. The logic is in functions/release/prepare.ts. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { prepare, type PrepareEvent, type PrepareDeps } from '../../release/prepare';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';
import { withDeps } from '../../shared/with-deps';

/** `{ input.$: '$', executionName.$: '$$.Execution.Name' }`; the input itself is validated by prepare. */
export const prepareEventSchema = z.object({ input: z.unknown(), executionName: z.string().min(1).max(80) }) satisfies z.ZodType<PrepareEvent>;

export type PrepareTaskDeps = TaskDeps<PrepareDeps>;

/**
 * @example
 * const handler = makeHandler({ ...fakeWorld(), logger, evalShards, maxReleaseMinutes: 90 });
 * await handler({ input, executionName: 'rel-1' }, context); // the Release
 */
export const makeHandler = (deps: PrepareTaskDeps) =>
  // The remaining time bounds Prepare's waits: killed by its timeout, it could not free the lock itself.
  middy(async (event: PrepareEvent, context: Context) => prepare(event, withDeps<PrepareDeps>(deps, { remainingMs: () => context.getRemainingTimeInMillis() }))).use(
    releaseTaskChain({ task: 'Prepare', schema: prepareEventSchema, logger: deps.logger }),
  );
