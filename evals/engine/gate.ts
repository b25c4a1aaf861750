/**
 * The gate: a pure function from suite summaries and policy to a decision with human-readable reasons.
 * Blocking reasons win over inconclusive ones; a decision always says why.
 */
import type { SuitePolicy } from './policy';
import type { SuiteSummary } from './summary';

export type Decision = 'pass' | 'block' | 'inconclusive';

export interface SuiteDecision {
  readonly suite: string;
  readonly decision: Decision;
  /** Why this suite decided as it did (for a pass: the checks it met). */
  readonly reasons: readonly string[];
  /** Worth knowing, not deciding: flaky cases, an inconclusive comparison the policy lets pass. */
  readonly notes: readonly string[];
}

export interface GateDecision {
  readonly decision: Decision;
  readonly reasons: readonly string[];
  readonly suites: readonly SuiteDecision[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
const rate = (x: number) => x.toFixed(2);
/** Two decimals, or as many as it takes (up to four) to show that two different rates differ. */
const rates = (a: number, b: number): [string, string] => {
  for (const digits of [2, 3, 4]) if (a === b || a.toFixed(digits) !== b.toFixed(digits)) return [a.toFixed(digits), b.toFixed(digits)];
  return [a.toFixed(4), b.toFixed(4)];
};
/** Pass rates are ratios of counts: a drop equal to the margin must not be blocked by floating-point noise. */
const EPSILON = 1e-9;
const rel = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;

export function decideSuite(summary: SuiteSummary, policy: SuitePolicy): SuiteDecision {
  const name = summary.suite;
  const block: string[] = [];
  const inconclusive: string[] = [];
  const passing: string[] = [];
  const notes: string[] = [];

  if (summary.errorRate > policy.maxErrorRate) {
    inconclusive.push(`${name}: ${summary.errors} of ${summary.cases} cases errored (${pct(summary.errorRate)} > max ${pct(policy.maxErrorRate)}): too many target errors to judge`);
  }
  if (summary.passed + summary.failed === 0) {
    if (inconclusive.length === 0) inconclusive.push(`${name}: no case could be judged`);
  } else {
    const [actual, minimum] = rates(summary.passRate, policy.minPassRate);
    if (summary.passRate < policy.minPassRate - EPSILON) block.push(`${name} pass rate ${actual} < ${minimum}`);
    else passing.push(`${name} pass rate ${actual} >= ${minimum}`);
  }

  const comparison = summary.comparison;
  if (comparison && comparison.paired > 0) {
    const { margin, confidence, onInconclusive } = policy.regression;
    const drop = -comparison.delta - EPSILON;
    const alpha = 1 - confidence;
    const figures = `${rate(comparison.baselinePassRate)} -> ${rate(comparison.candidatePassRate)} (${pts(comparison.delta)}, ${Math.round(confidence * 100)}% CI ${pts(comparison.interval[0])}..${pts(comparison.interval[1])}), ${comparison.regressions.length} regressions vs ${comparison.fixes.length} fixes, McNemar ${comparison.pValue < 0.001 ? 'p<0.001' : `p=${comparison.pValue.toFixed(3)}`}`;
    if (drop > margin && comparison.pValue < alpha) {
      block.push(`${name} regressed against the baseline: ${figures}`);
    } else if (drop > margin) {
      const message = `${name} is worse than the baseline by more than the ${pts(margin).slice(1)} margin but not significantly: ${figures}`;
      if (onInconclusive === 'block') block.push(`${message}; the policy blocks inconclusive comparisons`);
      else if (onInconclusive === 'inconclusive') inconclusive.push(`${message}; the policy leaves this to a person`);
      else notes.push(`${message}; the policy lets it pass`);
    } else {
      passing.push(`${name} within ${pts(margin).slice(1)} of the baseline (${pts(comparison.delta)})`);
    }
    if (comparison.p95LatencyChange !== undefined && comparison.p95LatencyChange > policy.maxP95LatencyIncrease) {
      block.push(`${name} p95 latency ${rel(comparison.p95LatencyChange)} (${Math.round(summary.latency.p95 ?? 0)} ms vs ${Math.round(comparison.baselineLatency.p95 ?? 0)} ms) > max ${rel(policy.maxP95LatencyIncrease)}`);
    }
    if (comparison.costChange !== undefined && comparison.costChange > policy.maxCostIncrease) {
      block.push(`${name} cost per case ${rel(comparison.costChange)} > max ${rel(policy.maxCostIncrease)}`);
    }
  }
  if (summary.flaky.length > 0) notes.push(`${name}: ${summary.flaky.length} flaky case(s): ${summary.flaky.join(', ')}`);

  if (block.length > 0) return { suite: name, decision: 'block', reasons: block, notes };
  if (inconclusive.length > 0) return { suite: name, decision: 'inconclusive', reasons: inconclusive, notes };
  return { suite: name, decision: 'pass', reasons: passing, notes };
}

/**
 * @example
 * decideGate([qualitySummary], () => policy) // { decision: 'block', reasons: ['quality pass rate 0.78 < 0.85'], ... }
 */
export function decideGate(summaries: readonly SuiteSummary[], policyOf: (suite: string) => SuitePolicy): GateDecision {
  const suites = summaries.map((summary) => decideSuite(summary, policyOf(summary.suite)));
  const pick = (decision: Decision) => suites.filter((s) => s.decision === decision).flatMap((s) => s.reasons);
  if (suites.length === 0) return { decision: 'inconclusive', reasons: ['no suite was run'], suites };
  if (suites.some((s) => s.decision === 'block')) return { decision: 'block', reasons: pick('block'), suites };
  if (suites.some((s) => s.decision === 'inconclusive')) return { decision: 'inconclusive', reasons: pick('inconclusive'), suites };
  return { decision: 'pass', reasons: suites.flatMap((s) => s.reasons), suites };
}
