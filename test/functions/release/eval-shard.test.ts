import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TargetRequest } from '../../../evals/engine/types';
import { runEvalShard, type EvalShardDeps, type ShardResults } from '../../../functions/release/eval-shard';
import { fakeWorld, releaseOf, type FakeWorld } from '../../helpers/fakes';

const SUITES_DIR = fileURLToPath(new URL('../../fixtures/suites', import.meta.url));

/** The echo fixture suite passes on `good:<input>` at low cost; version 6 gets the first case wrong. */
const app = (version: string, request: TargetRequest) => ({
  output: version === '6' && request.caseId === 'greet' ? 'bad:hello' : `good:${request.input}`,
  costUsd: 0.001,
  latencyMs: 20,
});

describe('runEvalShard', () => {
  let world: FakeWorld;
  let deps: EvalShardDeps;

  beforeEach(() => {
    world = fakeWorld({ app });
    deps = { ...world, suitesDir: SUITES_DIR, concurrency: 4 };
  });

  it('runs the shard against candidate and baseline, writes every result and returns the figures', async () => {
    // Act
    const summary = await runEvalShard({ release: releaseOf(), shard: { suite: 'echo', index: 0, from: 0, to: 2 } }, deps);

    // Assess
    expect(summary).toEqual({ suite: 'echo', index: 0, key: 'releases/rel-1/evals/echo-0.json', cases: 2, candidatePassed: 1, baselinePassed: 2, errors: 0, finishedAt: world.clock.now().toISOString() });
    const written = await world.reportStore.getJson<ShardResults>(summary.key);
    expect(written).toMatchObject({ suite: 'echo', index: 0, from: 0, to: 2 });
    expect(written.candidate.map((c) => [c.id, c.pass])).toEqual([['greet', false], ['json-free', true]]);
    expect(written.baseline.map((c) => [c.id, c.pass])).toEqual([['greet', true], ['json-free', true]]);
    expect(written.candidate[0]!.runs[0]!.output).toBe('bad:hello');
  });

  it('invokes the candidate and the live version by number, and closes both', async () => {
    // Act
    await runEvalShard({ release: releaseOf(), shard: { suite: 'echo', index: 1, from: 2, to: 3 } }, deps);

    // Assess
    expect(world.appInvoker.targets.map((t) => [t.spec, t.calls.map((c) => c.caseId), t.closed])).toEqual([
      ['lambda:assistant:6', ['cost'], true],
      ['lambda:assistant:5', ['cost'], true],
    ]);
  });

  it('counts the candidate cases that errored', async () => {
    // Prepare
    world = fakeWorld({ app: (version, request) => (version === '6' ? new Error('boom') : app(version, request)) });
    deps = { ...world, suitesDir: SUITES_DIR, concurrency: 4 };

    // Act
    const summary = await runEvalShard({ release: releaseOf(), shard: { suite: 'echo', index: 0, from: 0, to: 3 } }, deps);

    // Assess
    expect(summary).toMatchObject({ cases: 3, candidatePassed: 0, baselinePassed: 3, errors: 3 });
  });

  it('closes the targets when the results cannot be written', async () => {
    // Prepare
    world.reportStore.failNext('putJson', new Error('SlowDown'));

    // Act
    const act = runEvalShard({ release: releaseOf(), shard: { suite: 'echo', index: 0, from: 0, to: 1 } }, deps);

    // Assess
    await expect(act).rejects.toThrow('SlowDown');
    expect(world.appInvoker.targets.every((t) => t.closed)).toBe(true);
  });

  it('fails when the shard reaches past the suite (the suites changed since synth)', async () => {
    // Act
    const act = runEvalShard({ release: releaseOf(), shard: { suite: 'echo', index: 1, from: 2, to: 5 } }, deps);

    // Assess
    await expect(act).rejects.toThrow('shard echo-1 covers cases [2, 5) but suite echo has 3: the suites changed since the shards were computed');
    expect(world.appInvoker.targets).toEqual([]);
  });
});
