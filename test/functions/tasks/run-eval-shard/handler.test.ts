import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { fakeWorld, releaseOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/run-eval-shard/handler';
const SUITES_DIR = fileURLToPath(new URL('../../../fixtures/suites', import.meta.url));
const SECRET = 'Zyx Quorra earns $987,654';

describe('run-eval-shard handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger(), suitesDir: SUITES_DIR, concurrency: 2 });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld({ app: () => ({ output: `good: ${SECRET}`, costUsd: 0.001 }) });
  });

  afterEach(() => logs.restore());

  it('returns the shard summary and logs none of the eval text', async () => {
    // Act
    const summary = await handler()({ release: releaseOf(), shard: { suite: 'echo', index: 0, from: 0, to: 3 } }, lambdaContext());

    // Assess
    expect(summary).toMatchObject({ suite: 'echo', index: 0, key: 'releases/rel-1/evals/echo-0.json', cases: 3 });
    expect(world.reportStore.text(summary.key)).toContain(SECRET);
    expect(logs.text()).not.toContain('Quorra');
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ release: releaseOf(), shard: { suite: 'echo', index: 0, from: 3, to: 3 } }, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError('invalid RunEvalShard event: shard.to: from must be less than to'));
  });
});
