import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEvalShard } from '../../../../functions/release/eval-shard';
import { InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { fakeWorld, FUNCTION, releaseOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/decide-gate/handler';
const SUITES_DIR = fileURLToPath(new URL('../../../fixtures/suites', import.meta.url));
const POLICY_FILE = join(mkdtempSync(join(tmpdir(), 'evalgate-policy-')), 'policy.yaml');
writeFileSync(POLICY_FILE, 'version: 1\ndefaults: { minPassRate: 0.9 }\n');

describe('decide-gate handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger(), suitesDir: SUITES_DIR, policyFile: POLICY_FILE });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld({ app: (_version, request) => ({ output: `good:${request.input}`, costUsd: 0.001 }) });
  });

  afterEach(() => logs.restore());

  it('returns the gate outcome for a valid event', async () => {
    // Prepare
    const release = releaseOf();
    const evals = await Promise.all(release.evalShards.map((shard) => runEvalShard({ release, shard }, { ...world, suitesDir: SUITES_DIR, concurrency: 2 })));
    world.healthSource.emitLiveScore(FUNCTION, '6', world.clock.now());

    // Act
    const gate = await handler()({ release, evals }, lambdaContext());

    // Assess
    expect(gate).toMatchObject({ decision: 'pass', reportKey: 'releases/rel-1/report.json', suites: [{ suite: 'echo', passRate: 1, minPassRate: 0.9 }] });
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ release: releaseOf(), evals: [{ suite: 'echo', index: 0 }] } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/^invalid DecideGate event: evals\.0\.key: Invalid input/);
  });
});
