/** Promote: wiring only. The logic is in functions/release/traffic.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { releaseSchema } from '../../release/schemas';
import type { Release } from '../../release/state';
import { promote } from '../../release/traffic';
import type { PromoteDeps } from '../../release/traffic';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export const promoteEventSchema = z.object({ release: releaseSchema });

export type PromoteTaskDeps = TaskDeps<PromoteDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })({ release }, context); // { version: '6', promotedAt: '...' }
 */
export const makeHandler = (deps: PromoteTaskDeps) =>
  middy(async (event: { readonly release: Release }) => promote(event.release, deps)).use(
    releaseTaskChain({ task: 'Promote', schema: promoteEventSchema, logger: deps.logger }),
  );
