/** RunEvalShard (inside the RunEvals Map): wiring only. The logic is in functions/release/eval-shard.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { runEvalShard, type EvalShardEvent, type EvalShardDeps } from '../../release/eval-shard';
import { evalShardSchema, releaseSchema } from '../../release/schemas';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export const runEvalShardEventSchema = z.object({ release: releaseSchema, shard: evalShardSchema }) satisfies z.ZodType<EvalShardEvent>;

export type RunEvalShardTaskDeps = TaskDeps<EvalShardDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger, suitesDir, concurrency: 4 })({ release, shard }, context); // ShardSummary
 */
export const makeHandler = (deps: RunEvalShardTaskDeps) =>
  middy(async (event: EvalShardEvent) => runEvalShard(event, deps)).use(
    releaseTaskChain({ task: 'RunEvalShard', schema: runEvalShardEventSchema, logger: deps.logger }),
  );
