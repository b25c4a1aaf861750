import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../evals/engine/report/model';
import type { TargetRequest } from '../../../evals/engine/types';
import { runEvalShard } from '../../../functions/release/eval-shard';
import { decideReleaseGate, type GateDeps } from '../../../functions/release/release-gate';
import type { Release, ShardSummary } from '../../../functions/release/state';
import { fakeWorld, FUNCTION, releaseOf, SHARDS, type AppBehaviour, type FakeWorld } from '../../helpers/fakes';

const SUITES_DIR = fileURLToPath(new URL('../../fixtures/suites', import.meta.url));
const NO_METRICS = 'candidate version 6 emitted no live eval-score metrics during the eval run';

function policyFile(minPassRate: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'evalgate-gate-')), 'policy.yaml');
  writeFileSync(file, `version: 1\ndefaults:\n  minPassRate: ${minPassRate}\n  regression: { margin: 0.5, onInconclusive: pass }\n`);
  return file;
}

const good: AppBehaviour = (_version, request: TargetRequest) => ({ output: `good:${request.input}`, costUsd: 0.001, latencyMs: 20 });
/** Version 6 answers the first case wrong. */
const regressed: AppBehaviour = (version, request) => (version === '6' && request.caseId === 'greet' ? { output: 'bad', costUsd: 0.001, latencyMs: 20 } : good(version, request));

describe('decideReleaseGate', () => {
  let world: FakeWorld;
  let deps: GateDeps;

  /** Runs every shard of the release as the Map state would, and returns what it collects. */
  async function evalsOf(release: Release, app: AppBehaviour): Promise<ShardSummary[]> {
    world = fakeWorld({ app });
    deps = { ...world, suitesDir: SUITES_DIR, policyFile: policyFile(0.9) };
    return Promise.all(release.evalShards.map((shard) => runEvalShard({ release, shard }, { ...world, suitesDir: SUITES_DIR, concurrency: 2 })));
  }

  it('passes a candidate that meets the policy, has a rollback target and emits live scores', async () => {
    // Prepare
    const release = releaseOf();
    const evals = await evalsOf(release, good);
    world.healthSource.emitLiveScore(FUNCTION, '6', new Date('2025-01-01T10:05:00Z'));

    // Act
    const outcome = await decideReleaseGate({ release, evals }, deps);

    // Assess
    expect(outcome).toEqual({
      decision: 'pass',
      reasons: expect.arrayContaining(['echo pass rate 1.00 >= 0.90']),
      reportKey: 'releases/rel-1/report.json',
      suites: [{ suite: 'echo', passRate: 1, minPassRate: 0.9, decision: 'pass' }],
    });
    const report = await world.reportStore.getJson<EvalReport>(outcome.reportKey);
    expect(report).toMatchObject({ decision: 'pass', target: 'lambda:assistant:6', baseline: 'lambda:assistant:5', repeat: 1, createdAt: '2025-01-01T10:00:00.000Z' });
    expect(report.cases.map((c) => c.id)).toEqual(['greet', 'json-free', 'cost']);
    expect(world.reportStore.objects.get('releases/rel-1/summary.md')).toMatchObject({ contentType: 'text/markdown; charset=utf-8', body: expect.stringContaining('evalgate: PASS') });
  });

  it.each<[string, Partial<Release>, AppBehaviour, boolean, string[]]>([
    ['the policy fails', {}, regressed, true, ['echo pass rate 0.67 < 0.90']],
    ['there is no rollback target', { stableVersion: '6' }, good, true, ['no rollback target: assistant:live has no live version other than the candidate 6']],
    ['the candidate emitted no live scores', {}, good, false, [NO_METRICS]],
    ['the policy fails and nothing was observed', {}, regressed, false, ['echo pass rate 0.67 < 0.90', NO_METRICS]],
  ])('blocks when %s', async (_name, overrides, app, emitted, reasons) => {
    // Prepare
    const release = releaseOf(overrides);
    const evals = await evalsOf(release, app);
    if (emitted) world.healthSource.emitLiveScore(FUNCTION, '6', new Date('2025-01-01T10:05:00Z'));
    // The eval run ended at 10:00; five minutes on, missing live scores are missing, not late.
    world.clock.set('2025-01-01T10:05:00Z');

    // Act
    const outcome = await decideReleaseGate({ release, evals }, deps);

    // Assess
    expect(outcome.decision).toBe('block');
    expect(outcome.reasons).toEqual(reasons);
    const report = await world.reportStore.getJson<EvalReport>(outcome.reportKey);
    expect(report).toMatchObject({ decision: 'block', reasons });
  });

  it('counts only live scores emitted since the release started', async () => {
    // Prepare
    const release = releaseOf();
    const evals = await evalsOf(release, good);
    world.healthSource.emitLiveScore(FUNCTION, '6', new Date('2025-01-01T09:59:00Z'));
    world.healthSource.emitLiveScore(FUNCTION, '5', new Date('2025-01-01T10:05:00Z'));
    world.clock.set('2025-01-01T10:06:00Z');

    // Act
    const outcome = await decideReleaseGate({ release, evals }, deps);

    // Assess
    expect(outcome.reasons).toEqual([NO_METRICS]);
  });

  it('asks to be retried while the live scores may still be on their way: CloudWatch makes EMF metrics after a delay', async () => {
    // Prepare: the eval run ended at 10:00 and nothing has arrived a little under five minutes later
    const release = releaseOf();
    const evals = await evalsOf(release, good);
    expect(new Set(evals.map((shard) => shard.finishedAt))).toEqual(new Set(['2025-01-01T10:00:00.000Z']));
    world.clock.set('2025-01-01T10:04:59Z');

    // Act
    const act = decideReleaseGate({ release, evals }, deps);

    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'LiveScoresPendingError',
      message: 'candidate version 6 has no live eval-score metrics yet, 299 s after its eval run: CloudWatch makes EMF metrics after a delay; the gate asks again until 5 minutes have passed',
    });
    expect(world.reportStore.objects.has('releases/rel-1/report.json')).toBe(false);
  });

  it('waits from the last shard to end, and from the release start for shards that do not say', async () => {
    // Prepare
    const release = releaseOf();
    const [shard] = await evalsOf(release, good);
    world.clock.set('2025-01-01T10:06:00Z');

    // Act, Assess: the last shard ended at 10:03, so at 10:06 the scores may still come
    await expect(decideReleaseGate({ release, evals: [shard!, { ...shard!, index: 1, finishedAt: '2025-01-01T10:03:00.000Z' }] }, deps)).rejects.toThrow('180 s after its eval run');
    // Without an end time the release's start (10:00) stands in: six minutes, missing
    const { finishedAt: _, ...undated } = shard!;
    expect((await decideReleaseGate({ release, evals: [undated] }, deps)).reasons).toEqual([NO_METRICS]);
  });

  it('puts shard results back in case order whatever order the shards arrive in', async () => {
    // Prepare
    const release = releaseOf({ evalShards: SHARDS });
    const evals = await evalsOf(release, good);
    world.healthSource.emitLiveScore(FUNCTION, '6', new Date('2025-01-01T10:05:00Z'));

    // Act
    const outcome = await decideReleaseGate({ release, evals: [...evals].reverse() }, deps);

    // Assess
    const report = await world.reportStore.getJson<EvalReport>(outcome.reportKey);
    expect(report.cases.map((c) => c.id)).toEqual(['greet', 'json-free', 'cost']);
    expect(report.suites.map((s) => [s.suite, s.cases])).toEqual([['echo', 3]]);
  });
});
