/** Rollback: wiring only. The logic is in functions/release/traffic.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { absentOrNull, releaseSchema, taskErrorSchema, type TaskError } from '../../release/schemas';
import type { Release } from '../../release/state';
import { rollback } from '../../release/traffic';
import type { RollbackDeps } from '../../release/traffic';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

/** `error` is what a Catch put at `$.error`; absent (or null) when a degraded health check led here. */
export const rollbackEventSchema = z.object({ release: releaseSchema, error: absentOrNull(taskErrorSchema) });

export type RollbackTaskDeps = TaskDeps<RollbackDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })({ release }, context); // { version: '5', pinsReverted: false, ... }
 */
export const makeHandler = (deps: RollbackTaskDeps) =>
  middy(async (event: { readonly release: Release; readonly error?: TaskError }) => {
    // Only the error's name: why the release is rolled back, without anything it may carry.
    deps.logger.info('rolling back', { releaseId: event.release.releaseId, cause: event.error?.Error ?? 'degraded canary' });
    return rollback(event.release, deps);
  }).use(releaseTaskChain({ task: 'Rollback', schema: rollbackEventSchema, logger: deps.logger }));
