/**
 * RunEvalShard: one slice of one suite, run against the candidate and the live version side by side, so the
 * gate compares both on the same cases at the same time. The full results go to the reports bucket; the state
 * carries only a summary and the key (Step Functions payloads are limited to 256 KB).
 */
import { runEvals, RUN_DEFAULTS } from '../../evals/engine/runner/runner';
import { loadSuite, suitePath } from '../../evals/engine/suite/load';
import type { Suite } from '../../evals/engine/suite/model';
import type { CaseResult, JudgeModel } from '../../evals/engine/types';
import type { Clock } from '../ports/clock';
import type { AppInvoker } from '../ports/app-invoker';
import type { ReportStore } from '../ports/report-store';
import type { EvalShard, Release, ShardSummary } from './state';

export interface EvalShardEvent {
  readonly release: Release;
  readonly shard: EvalShard;
}

export interface EvalShardDeps {
  readonly appInvoker: AppInvoker;
  readonly reportStore: ReportStore;
  readonly clock: Clock;
  readonly suitesDir: string;
  /** Cases in flight for this shard, candidate and baseline runs counted together. */
  readonly concurrency: number;
  /** Grades `llm-rubric` assertions; without one they fail with "cannot grade". */
  readonly judge?: JudgeModel;
}

/** What a shard writes to the reports bucket, and DecideGate reads back. */
export interface ShardResults {
  readonly suite: string;
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly durationMs: number;
  readonly candidate: readonly CaseResult[];
  readonly baseline: readonly CaseResult[];
}

/** @example shardKey('rel-1', { suite: 'quality', index: 2, from: 40, to: 60 }) // 'releases/rel-1/evals/quality-2.json' */
export const shardKey = (releaseId: string, shard: Pick<EvalShard, 'suite' | 'index'>): string =>
  `releases/${releaseId}/evals/${shard.suite}-${shard.index}.json`;

/**
 * @example
 * await runEvalShard({ release, shard: { suite: 'quality', index: 0, from: 0, to: 20 } }, deps);
 * // { suite: 'quality', index: 0, key: 'releases/rel-1/evals/quality-0.json', cases: 20, candidatePassed: 19, ... }
 */
export async function runEvalShard(event: EvalShardEvent, deps: EvalShardDeps): Promise<ShardSummary> {
  const { release, shard } = event;
  const suite = sliceOf(loadSuite(suitePath(shard.suite, deps.suitesDir)), shard);
  const target = deps.appInvoker.target(release.functionName, release.candidateVersion);
  const baseline = deps.appInvoker.target(release.functionName, release.stableVersion);
  try {
    const run = await runEvals({
      ...RUN_DEFAULTS,
      suites: [suite],
      target,
      baseline,
      concurrency: deps.concurrency,
      ...(deps.judge ? { judge: deps.judge } : {}),
    });
    const candidate = run.candidate;
    const baselineResults = run.baseline ?? [];
    const key = shardKey(release.releaseId, shard);
    const results: ShardResults = { ...shard, durationMs: Math.round(run.durationMs), candidate, baseline: baselineResults };
    await deps.reportStore.putJson(key, results);
    return {
      suite: shard.suite,
      index: shard.index,
      key,
      cases: candidate.length,
      candidatePassed: candidate.filter((c) => c.pass).length,
      baselinePassed: baselineResults.filter((c) => c.pass).length,
      errors: candidate.filter((c) => c.error).length,
      finishedAt: deps.clock.now().toISOString(),
    };
  } finally {
    await Promise.allSettled([target.close(), baseline.close()]);
  }
}

/**
 * The shard's cases. Shards are computed at synth time from the bundled suites, so a range past the end means
 * the suites changed since: evaluating fewer cases than planned would let a partial run pass the gate.
 */
function sliceOf(suite: Suite, shard: EvalShard): Suite {
  if (shard.to > suite.cases.length) {
    throw new RangeError(
      `shard ${shard.suite}-${shard.index} covers cases [${shard.from}, ${shard.to}) but suite ${suite.name} has ${suite.cases.length}: the suites changed since the shards were computed`,
    );
  }
  return { ...suite, cases: suite.cases.slice(shard.from, shard.to) };
}
