/** CheckUnitTests: wiring only. The logic is in functions/release/unit-tests.ts. */
import middy from '@middy/core';
import { z } from 'zod';
import { releaseSchema } from '../../release/schemas';
import { checkUnitTests, type UnitTestsEvent, type UnitTestDeps } from '../../release/unit-tests';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export const checkUnitTestsEventSchema = z.object({ release: releaseSchema }) satisfies z.ZodType<UnitTestsEvent>;

export type CheckUnitTestsTaskDeps = TaskDeps<UnitTestDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })({ release }, context); // TestEvidence
 */
export const makeHandler = (deps: CheckUnitTestsTaskDeps) =>
  middy(async (event: UnitTestsEvent) => checkUnitTests(event, deps)).use(
    releaseTaskChain({ task: 'CheckUnitTests', schema: checkUnitTestsEventSchema, logger: deps.logger }),
  );
