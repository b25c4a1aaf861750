import { describe, expect, it } from 'vitest';
import { aggregateRuns } from '../../../evals/engine/scoring';
import type { Suite } from '../../../evals/engine/suite/model';
import { summarizeSuite } from '../../../evals/engine/summary';
import type { AssertionOutcome, CaseResult, CaseRun } from '../../../evals/engine/types';

const suite = (scoring: Suite['scoring'] = 'cases'): Suite => ({ name: 'quality', version: 2, scoring, file: 'quality.yaml', cases: [] });

const check = (type: string, pass: boolean, reason: string): AssertionOutcome => ({ type, pass, score: pass ? 1 : 0, weight: 1, reason });
const OK = check('contains', true, "output contains '4.2M'");
const MISSING = check('contains', false, "output does not contain '4.2M'");
const TOO_LONG = check('max-words', false, 'output has 60 words (max 50)');

interface RunSpec {
  readonly pass?: boolean;
  readonly latencyMs?: number;
  readonly costUsd?: number;
  readonly assertions?: AssertionOutcome[];
  readonly error?: string;
}

function run({ pass = true, latencyMs = 100, costUsd, assertions, error }: RunSpec): CaseRun {
  if (error !== undefined) return { attempts: 3, latencyMs, pass: false, score: 0, assertions: [], error: { kind: 'http', message: error } };
  return { attempts: 1, latencyMs, pass, score: pass ? 1 : 0, assertions: assertions ?? [pass ? OK : MISSING], ...(costUsd === undefined ? {} : { costUsd }) };
}

const caseResult = (id: string, ...runs: RunSpec[]): CaseResult => aggregateRuns('quality', id, [], runs.map(run));

describe('summarizeSuite', () => {
  it('counts passes, failures and errors apart, without a baseline', () => {
    // Prepare
    const candidate = [
      caseResult('a', { latencyMs: 100 }),
      caseResult('b', { pass: false, latencyMs: 200 }),
      caseResult('c', { pass: true, latencyMs: 300 }, { pass: false, latencyMs: 400 }, { pass: true, latencyMs: 500 }),
      caseResult('d', { error: 'HTTP 503', latencyMs: 60_000 }),
    ];

    // Act
    const summary = summarizeSuite(suite(), candidate, undefined, 0.95);

    // Assess
    expect(summary).toEqual({
      suite: 'quality',
      version: 2,
      scoring: 'cases',
      cases: 4,
      passed: 2,
      failed: 1,
      errors: 1,
      flaky: ['c'],
      passRate: 2 / 3,
      errorRate: 0.25,
      // errored runs do not count towards latency: 100, 200, 300, 400, 500
      latency: { p50: 300, p95: 480 },
    });
  });

  it('uses the suite scoring mode for the pass rate', () => {
    // Prepare
    const candidate = [caseResult('a', { pass: false, assertions: [OK, OK, OK, MISSING] })];

    // Act
    const summary = summarizeSuite(suite('checks'), candidate, undefined, 0.95);

    // Assess
    expect(summary).toMatchObject({ scoring: 'checks', passRate: 0.75, passed: 0, failed: 1 });
  });

  it('reports mean and total cost over the runs that reported one', () => {
    // Prepare
    const candidate = [caseResult('a', { costUsd: 0.001 }), caseResult('b', { costUsd: 0.003 }), caseResult('c', {})];

    // Act
    const summary = summarizeSuite(suite(), candidate, undefined, 0.95);

    // Assess
    expect(summary.meanCostUsd).toBeCloseTo(0.002, 12);
    expect(summary.totalCostUsd).toBeCloseTo(0.004, 12);
  });

  it('leaves cost out when no run reported one', () => {
    const summary = summarizeSuite(suite(), [caseResult('a', {})], undefined, 0.95);
    expect(summary).not.toHaveProperty('meanCostUsd');
    expect(summary).not.toHaveProperty('totalCostUsd');
  });

  it('is all zeros for an empty run', () => {
    expect(summarizeSuite(suite(), [], undefined, 0.95)).toMatchObject({ cases: 0, passed: 0, failed: 0, errors: 0, passRate: 0, errorRate: 0, latency: {} });
  });

  describe('against a baseline', () => {
    const baseline = [
      caseResult('same', { latencyMs: 100, costUsd: 0.002 }),
      caseResult('regressed', { latencyMs: 100, costUsd: 0.002 }),
      caseResult('fixed', { pass: false, assertions: [OK, TOO_LONG], latencyMs: 100, costUsd: 0.002 }),
      caseResult('cand-error', { latencyMs: 100, costUsd: 0.002 }),
      caseResult('base-error', { error: 'timeout after 30000 ms' }),
      caseResult('both-fail', { pass: false, latencyMs: 100, costUsd: 0.002 }),
    ];
    const candidate = [
      caseResult('same', { latencyMs: 130, costUsd: 0.003 }),
      caseResult('regressed', { pass: false, latencyMs: 130, costUsd: 0.003 }, { pass: false, latencyMs: 130, costUsd: 0.003 }, { error: 'HTTP 503', latencyMs: 9_000 }),
      caseResult('fixed', { latencyMs: 130, costUsd: 0.003 }),
      caseResult('cand-error', { error: 'HTTP 503', latencyMs: 9_000 }),
      caseResult('base-error', { pass: false, latencyMs: 130, costUsd: 0.003 }),
      caseResult('both-fail', { pass: false, latencyMs: 130, costUsd: 0.003 }),
      caseResult('new-case', { latencyMs: 130, costUsd: 0.003 }),
    ];

    it('pairs only the cases judged on both sides', () => {
      // Act
      const comparison = summarizeSuite(suite(), candidate, baseline, 0.95).comparison!;

      // Assess: same, regressed, fixed, both-fail
      expect(comparison.paired).toBe(4);
      expect(comparison.baselinePassRate).toBe(0.5);
      expect(comparison.candidatePassRate).toBe(0.5);
      expect(comparison.delta).toBe(0);
      expect(comparison.confidence).toBe(0.95);
      expect(comparison.pValue).toBeCloseTo(0.75, 12); // one regression, one fix: P(X >= 1), X ~ Bin(2, 1/2)
      expect(comparison).not.toHaveProperty('minDetectableRegressions'); // 4 pairs cannot reach p < 0.05
    });

    it('lists regressions with the candidate reasons and fixes with the baseline reasons', () => {
      // Act
      const comparison = summarizeSuite(suite(), candidate, baseline, 0.95).comparison!;

      // Assess
      expect(comparison.regressions).toEqual([{ id: 'regressed', reasons: ["contains: output does not contain '4.2M'", 'HTTP 503'] }]);
      expect(comparison.fixes).toEqual([{ id: 'fixed', reasons: ['max-words: output has 60 words (max 50)'] }]);
    });

    it('compares p95 latency and mean cost, leaving errored runs out of latency', () => {
      // Act
      const summary = summarizeSuite(suite(), candidate, baseline, 0.95);

      // Assess
      expect(summary.latency).toEqual({ p50: 130, p95: 130 });
      expect(summary.comparison!.baselineLatency).toEqual({ p50: 100, p95: 100 });
      expect(summary.comparison!.p95LatencyChange).toBeCloseTo(0.3, 12);
      expect(summary.comparison!.baselineMeanCostUsd).toBeCloseTo(0.002, 12);
      expect(summary.comparison!.costChange).toBeCloseTo(0.5, 12);
    });

    it('counts errors apart from failures', () => {
      // Act
      const summary = summarizeSuite(suite(), candidate, baseline, 0.95);

      // Assess
      expect(summary).toMatchObject({ cases: 7, errors: 1, passed: 3, failed: 3, passRate: 0.5, errorRate: 1 / 7 });
    });
  });

  it('flags a significant drop with a negative interval', () => {
    // Prepare
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const baseline = ids.map((id) => caseResult(id, {}));
    const candidate = ids.map((id, i) => caseResult(id, { pass: i >= 6 }));

    // Act
    const comparison = summarizeSuite(suite(), candidate, baseline, 0.95).comparison!;

    // Assess
    expect(comparison.regressions.map((r) => r.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(comparison.fixes).toEqual([]);
    expect(comparison.delta).toBeCloseTo(-0.3, 12);
    expect(comparison.pValue).toBeCloseTo(1 / 64, 12);
    expect(comparison.minDetectableRegressions).toBe(5);
    expect(comparison.interval[1]).toBeLessThan(0);
    expect(comparison.interval[0]).toBeLessThanOrEqual(-0.3);
  });

  it('gives the same interval for the same suite every time', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const baseline = ids.map((id, i) => caseResult(id, { pass: i % 3 !== 0 }));
    const candidate = ids.map((id, i) => caseResult(id, { pass: i % 4 !== 0 }));
    const first = summarizeSuite(suite(), candidate, baseline, 0.95).comparison!.interval;
    expect(summarizeSuite(suite(), candidate, baseline, 0.95).comparison!.interval).toEqual(first);
  });

  it('leaves latency and cost changes out when the baseline has neither', () => {
    // Prepare
    const baseline = [caseResult('a', { error: 'HTTP 503' })];
    const candidate = [caseResult('a', { costUsd: 0.01 })];

    // Act
    const comparison = summarizeSuite(suite(), candidate, baseline, 0.95).comparison!;

    // Assess
    expect(comparison.paired).toBe(0);
    expect(comparison.baselineLatency).toEqual({});
    expect(comparison).not.toHaveProperty('p95LatencyChange');
    expect(comparison).not.toHaveProperty('baselineMeanCostUsd');
    expect(comparison).not.toHaveProperty('costChange');
    expect(comparison.interval).toEqual([0, 0]);
    expect(comparison.pValue).toBe(1);
  });

  it('leaves the cost change out when the baseline cost nothing', () => {
    const comparison = summarizeSuite(suite(), [caseResult('a', { costUsd: 0.01 })], [caseResult('a', { costUsd: 0 })], 0.95).comparison!;
    expect(comparison.baselineMeanCostUsd).toBe(0);
    expect(comparison).not.toHaveProperty('costChange');
  });
});
