/**
 * Per-suite figures of a run and, with a baseline, the paired comparison: regressions, fixes, flaky cases,
 * McNemar p-value, bootstrap interval of the pass-rate delta, latency and cost deltas.
 */
import { mcnemarOneSided, minimumDetectableRegressions, pairedBootstrapInterval, percentile, seedFrom } from './stats';
import { passRate } from './scoring';
import type { Suite } from './suite/model';
import type { CaseResult } from './types';

export interface LatencyFigures {
  readonly p50?: number;
  readonly p95?: number;
}

export interface CaseChange {
  readonly id: string;
  /** Why the losing side failed: its failed assertions' reasons, or its error. */
  readonly reasons: readonly string[];
}

export interface Comparison {
  /** Cases judged on both sides. */
  readonly paired: number;
  readonly baselinePassRate: number;
  readonly candidatePassRate: number;
  readonly delta: number;
  readonly interval: readonly [number, number];
  readonly confidence: number;
  readonly pValue: number;
  /** Smallest number of regressions this many pairs could flag; undefined when none could. */
  readonly minDetectableRegressions?: number;
  readonly regressions: readonly CaseChange[];
  readonly fixes: readonly CaseChange[];
  readonly baselineLatency: LatencyFigures;
  /** candidate p95 / baseline p95 - 1 */
  readonly p95LatencyChange?: number;
  readonly baselineMeanCostUsd?: number;
  /** candidate mean cost / baseline mean cost - 1 */
  readonly costChange?: number;
}

export interface SuiteSummary {
  readonly suite: string;
  readonly version: number;
  readonly scoring: Suite['scoring'];
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly flaky: readonly string[];
  readonly passRate: number;
  readonly errorRate: number;
  readonly latency: LatencyFigures;
  readonly meanCostUsd?: number;
  readonly totalCostUsd?: number;
  readonly comparison?: Comparison;
}

export function summarizeSuite(
  suite: Suite,
  candidate: readonly CaseResult[],
  baseline: readonly CaseResult[] | undefined,
  confidence: number,
): SuiteSummary {
  const rate = passRate(candidate, suite.scoring);
  const errors = candidate.filter((c) => c.error).length;
  const judged = candidate.filter((c) => !c.error);
  const cost = costOf(candidate);
  return {
    suite: suite.name,
    version: suite.version,
    scoring: suite.scoring,
    cases: candidate.length,
    passed: judged.filter((c) => c.pass).length,
    failed: judged.filter((c) => !c.pass).length,
    errors,
    flaky: candidate.filter((c) => c.flaky).map((c) => c.id),
    passRate: rate.rate,
    errorRate: candidate.length === 0 ? 0 : errors / candidate.length,
    latency: latencyOf(candidate),
    ...(cost === undefined ? {} : { meanCostUsd: cost.mean, totalCostUsd: cost.total }),
    ...(baseline ? { comparison: compare(suite, candidate, baseline, confidence) } : {}),
  };
}

function compare(suite: Suite, candidate: readonly CaseResult[], baseline: readonly CaseResult[], confidence: number): Comparison {
  const byId = new Map(baseline.map((b) => [b.id, b]));
  const pairs = candidate.flatMap((c) => {
    const b = byId.get(c.id);
    return b && !b.error && !c.error ? [{ c, b }] : [];
  });
  const regressions = pairs.filter(({ c, b }) => b.pass && !c.pass).map(({ c }) => change(c));
  const fixes = pairs.filter(({ c, b }) => !b.pass && c.pass).map(({ b }) => change(b));
  const basePasses = pairs.map(({ b }) => b.pass);
  const candPasses = pairs.map(({ c }) => c.pass);
  const mean = (xs: readonly boolean[]) => (xs.length === 0 ? 0 : xs.filter(Boolean).length / xs.length);
  const candidateLatency = latencyOf(candidate);
  const baselineLatency = latencyOf(baseline);
  const candidateCost = costOf(candidate);
  const baselineCost = costOf(baseline);
  const mdr = minimumDetectableRegressions(pairs.length, 1 - confidence);
  return {
    paired: pairs.length,
    baselinePassRate: mean(basePasses),
    candidatePassRate: mean(candPasses),
    delta: mean(candPasses) - mean(basePasses),
    interval: pairedBootstrapInterval(basePasses, candPasses, { confidence, seed: seedFrom(suite.name) }),
    confidence,
    pValue: mcnemarOneSided(regressions.length, fixes.length),
    ...(mdr === undefined ? {} : { minDetectableRegressions: mdr }),
    regressions,
    fixes,
    baselineLatency,
    ...(relative(candidateLatency.p95, baselineLatency.p95) ?? {}),
    ...(baselineCost === undefined ? {} : { baselineMeanCostUsd: baselineCost.mean }),
    ...(candidateCost && baselineCost && baselineCost.mean > 0 ? { costChange: candidateCost.mean / baselineCost.mean - 1 } : {}),
  };
}

function relative(candidate: number | undefined, baseline: number | undefined): { p95LatencyChange: number } | undefined {
  return candidate !== undefined && baseline !== undefined && baseline > 0 ? { p95LatencyChange: candidate / baseline - 1 } : undefined;
}

function change(result: CaseResult): CaseChange {
  const reasons = result.runs.flatMap((run) => (run.error ? [run.error.message] : run.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`)));
  return { id: result.id, reasons: [...new Set(reasons)] };
}

function latencyOf(results: readonly CaseResult[]): LatencyFigures {
  const values = results.flatMap((r) => r.runs.filter((run) => !run.error).map((run) => run.latencyMs));
  const p50 = percentile(values, 0.5);
  const p95 = percentile(values, 0.95);
  return { ...(p50 === undefined ? {} : { p50 }), ...(p95 === undefined ? {} : { p95 }) };
}

function costOf(results: readonly CaseResult[]): { mean: number; total: number } | undefined {
  const values = results.flatMap((r) => r.runs.flatMap((run) => (run.costUsd === undefined ? [] : [run.costUsd])));
  if (values.length === 0) return undefined;
  const total = values.reduce((a, b) => a + b, 0);
  return { mean: total / values.length, total };
}
