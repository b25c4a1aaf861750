import { describe, expect, it } from 'vitest';
import { decideGate, decideSuite, type Decision } from '../../../evals/engine/gate';
import { BUILTIN_POLICY, type SuitePolicy } from '../../../evals/engine/policy';
import type { Comparison, SuiteSummary } from '../../../evals/engine/summary';

const policy = (overrides: Partial<Omit<SuitePolicy, 'regression'>> & { regression?: Partial<SuitePolicy['regression']> } = {}): SuitePolicy => ({
  ...BUILTIN_POLICY,
  minPassRate: 0.85,
  ...overrides,
  regression: { ...BUILTIN_POLICY.regression, ...overrides.regression },
});

const comparison = (overrides: Partial<Comparison> = {}): Comparison => ({
  paired: 100,
  baselinePassRate: 0.9,
  candidatePassRate: 0.9,
  delta: 0,
  interval: [-0.03, 0.03],
  confidence: 0.95,
  pValue: 1,
  minDetectableRegressions: 5,
  regressions: [],
  fixes: [],
  baselineLatency: { p50: 100, p95: 200 },
  ...overrides,
});

const summary = (overrides: Partial<SuiteSummary> = {}): SuiteSummary => ({
  suite: 'quality',
  version: 1,
  scoring: 'cases',
  cases: 100,
  passed: 90,
  failed: 10,
  errors: 0,
  flaky: [],
  passRate: 0.9,
  errorRate: 0,
  latency: { p50: 100, p95: 200 },
  ...overrides,
});

const changes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, reasons: ['contains: missing'] }));
const DROP = comparison({ baselinePassRate: 0.9, candidatePassRate: 0.82, delta: -0.08, interval: [-0.16, 0.01], pValue: 0.2, regressions: changes(10), fixes: changes(2) });
const DROP_FIGURES = '0.90 -> 0.82 (-8.0 pts, 95% CI -16.0 pts..+1.0 pts), 10 regressions vs 2 fixes, McNemar p=0.200';
const NOT_SIGNIFICANT = `quality is worse than the baseline by more than the 5.0 pts margin but not significantly: ${DROP_FIGURES}`;

interface Scenario {
  readonly name: string;
  readonly summary: SuiteSummary;
  readonly policy: SuitePolicy;
  readonly decision: Decision;
  readonly reasons: string[];
  readonly notes?: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'the pass rate meets the policy',
    summary: summary(),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85'],
  },
  {
    name: 'the pass rate equals the minimum',
    summary: summary({ passed: 85, failed: 15, passRate: 0.85 }),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.85 >= 0.85'],
  },
  {
    name: 'the pass rate is under the minimum',
    summary: summary({ passed: 78, failed: 22, passRate: 0.78 }),
    policy: policy(),
    decision: 'block',
    reasons: ['quality pass rate 0.78 < 0.85'],
  },
  {
    name: 'a single security case fails at a minimum of 1.0',
    summary: summary({ suite: 'security', cases: 43, passed: 42, failed: 1, passRate: 42 / 43 }),
    policy: policy({ minPassRate: 1 }),
    decision: 'block',
    reasons: ['security pass rate 0.98 < 1.00'],
  },
  {
    name: 'the comparison stays within the margin',
    summary: summary({ comparison: comparison({ candidatePassRate: 0.88, delta: -0.02, pValue: 0.3, regressions: changes(3), fixes: changes(1) }) }),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85', 'quality within 5.0 pts of the baseline (-2.0 pts)'],
  },
  {
    name: 'the candidate regressed significantly',
    summary: summary({
      passed: 80,
      failed: 20,
      passRate: 0.8,
      comparison: comparison({ candidatePassRate: 0.8, delta: -0.1, interval: [-0.16, -0.04], pValue: 0.00098, regressions: changes(10) }),
    }),
    policy: policy({ minPassRate: 0.75 }),
    decision: 'block',
    reasons: ['quality regressed against the baseline: 0.90 -> 0.80 (-10.0 pts, 95% CI -16.0 pts..-4.0 pts), 10 regressions vs 0 fixes, McNemar p<0.001'],
  },
  {
    name: 'a drop over the margin is not significant and the policy blocks',
    summary: summary({ comparison: DROP }),
    policy: policy({ regression: { onInconclusive: 'block' } }),
    decision: 'block',
    reasons: [`${NOT_SIGNIFICANT}; the policy blocks inconclusive comparisons`],
  },
  {
    name: 'a drop over the margin is not significant and the policy lets it pass',
    summary: summary({ comparison: DROP }),
    policy: policy({ regression: { onInconclusive: 'pass' } }),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85'],
    notes: [`${NOT_SIGNIFICANT}; the policy lets it pass`],
  },
  {
    name: 'a drop over the margin is not significant and the policy leaves it to a person',
    summary: summary({ comparison: DROP }),
    policy: policy({ regression: { onInconclusive: 'inconclusive' } }),
    decision: 'inconclusive',
    reasons: [`${NOT_SIGNIFICANT}; the policy leaves this to a person`],
  },
  {
    name: 'any drop counts under a margin of 0',
    summary: summary({ suite: 'security', comparison: comparison({ candidatePassRate: 0.89, delta: -0.01, interval: [-0.03, 0], pValue: 0.5, regressions: changes(1) }) }),
    policy: policy({ regression: { margin: 0 } }),
    decision: 'block',
    reasons: [
      'security is worse than the baseline by more than the 0.0 pts margin but not significantly: 0.90 -> 0.89 (-1.0 pts, 95% CI -3.0 pts..+0.0 pts), 1 regressions vs 0 fixes, McNemar p=0.500; the policy blocks inconclusive comparisons',
    ],
  },
  {
    name: 'too many cases errored',
    summary: summary({ passed: 81, failed: 9, errors: 10, errorRate: 0.1 }),
    policy: policy(),
    decision: 'inconclusive',
    reasons: ['quality: 10 of 100 cases errored (10.0% > max 5.0%): too many target errors to judge'],
  },
  {
    name: 'no case could be judged',
    summary: summary({ passed: 0, failed: 0, errors: 100, errorRate: 1, passRate: 0 }),
    policy: policy(),
    decision: 'inconclusive',
    reasons: ['quality: 100 of 100 cases errored (100.0% > max 5.0%): too many target errors to judge'],
  },
  {
    name: 'p95 latency grew by more than allowed',
    summary: summary({ latency: { p50: 120, p95: 280 }, comparison: comparison({ p95LatencyChange: 0.4 }) }),
    policy: policy(),
    decision: 'block',
    reasons: ['quality p95 latency +40% (280 ms vs 200 ms) > max +25%'],
  },
  {
    name: 'p95 latency grew within the allowance',
    summary: summary({ latency: { p50: 120, p95: 240 }, comparison: comparison({ p95LatencyChange: 0.2 }) }),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85', 'quality within 5.0 pts of the baseline (+0.0 pts)'],
  },
  {
    name: 'cost per case grew by more than allowed',
    summary: summary({ comparison: comparison({ baselineMeanCostUsd: 0.002, costChange: 0.5 }) }),
    policy: policy(),
    decision: 'block',
    reasons: ['quality cost per case +50% > max +25%'],
  },
  {
    name: 'a block and an inconclusive finding meet (block wins)',
    summary: summary({ passed: 50, failed: 40, errors: 10, errorRate: 0.1, passRate: 50 / 90 }),
    policy: policy(),
    decision: 'block',
    reasons: ['quality pass rate 0.56 < 0.85'],
  },
  {
    name: 'nothing paired (comparison ignored)',
    summary: summary({ comparison: comparison({ paired: 0, delta: -1, pValue: 0, p95LatencyChange: 5, costChange: 5 }) }),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85'],
  },
  {
    name: 'some cases were flaky',
    summary: summary({ flaky: ['a', 'b'] }),
    policy: policy(),
    decision: 'pass',
    reasons: ['quality pass rate 0.90 >= 0.85'],
    notes: ['quality: 2 flaky case(s): a, b'],
  },
];

describe('decideSuite', () => {
  it.each(scenarios)('decides $decision when $name', ({ summary: input, policy: suitePolicy, decision, reasons, notes }) => {
    // Act
    const verdict = decideSuite(input, suitePolicy);

    // Assess
    expect(verdict).toEqual({ suite: input.suite, decision, reasons, notes: notes ?? [] });
  });
});

describe('decideGate', () => {
  const quality = summary();
  const security = summary({ suite: 'security', cases: 40, passed: 40, failed: 0, passRate: 1 });
  const policies: Record<string, SuitePolicy> = { quality: policy(), security: policy({ minPassRate: 1 }) };
  const policyOf = (suite: string) => policies[suite]!;

  it('passes when every suite passes, with every reason', () => {
    // Act
    const gate = decideGate([quality, security], policyOf);

    // Assess
    expect(gate.decision).toBe('pass');
    expect(gate.reasons).toEqual(['quality pass rate 0.90 >= 0.85', 'security pass rate 1.00 >= 1.00']);
    expect(gate.suites.map((s) => s.decision)).toEqual(['pass', 'pass']);
  });

  it('blocks with the reasons of the blocking suites only', () => {
    // Prepare
    const failing = summary({ passed: 78, failed: 22, passRate: 0.78 });
    const erroring = summary({ suite: 'security', cases: 40, passed: 36, failed: 0, errors: 4, errorRate: 0.1, passRate: 1 });

    // Act
    const gate = decideGate([failing, erroring], policyOf);

    // Assess
    expect(gate.decision).toBe('block');
    expect(gate.reasons).toEqual(['quality pass rate 0.78 < 0.85']);
    expect(gate.suites.map((s) => s.decision)).toEqual(['block', 'inconclusive']);
  });

  it('is inconclusive when a suite is and none blocks', () => {
    // Prepare
    const erroring = summary({ suite: 'security', cases: 40, passed: 36, failed: 0, errors: 4, errorRate: 0.1, passRate: 1 });

    // Act
    const gate = decideGate([quality, erroring], policyOf);

    // Assess
    expect(gate.decision).toBe('inconclusive');
    expect(gate.reasons).toEqual(['security: 4 of 40 cases errored (10.0% > max 5.0%): too many target errors to judge']);
  });

  it('is inconclusive when no suite was run', () => {
    expect(decideGate([], policyOf)).toEqual({ decision: 'inconclusive', reasons: ['no suite was run'], suites: [] });
  });

  it('asks for the policy of each suite by name', () => {
    // Prepare
    const asked: string[] = [];

    // Act
    decideGate([quality, security], (suite) => {
      asked.push(suite);
      return policyOf(suite);
    });

    // Assess
    expect(asked).toEqual(['quality', 'security']);
  });
});

describe('decideSuite at the edges', () => {
  it('passes a drop exactly equal to the margin (18/20 -> 17/20 with a 5-pt margin)', () => {
    // Prepare: 17/20 - 18/20 is -0.050000000000000044 in floating point.
    const edge = comparison({ baselinePassRate: 18 / 20, candidatePassRate: 17 / 20, delta: 17 / 20 - 18 / 20, paired: 20, pValue: 0.5, regressions: changes(1) });

    // Act
    const decided = decideSuite(summary({ passRate: 17 / 20, cases: 20, passed: 17, failed: 3, comparison: edge }), policy({ minPassRate: 0.85 }));

    // Assess
    expect(decided.decision).toBe('pass');
  });

  it('shows as many decimals as it takes to tell two rates apart', () => {
    const decided = decideSuite(summary({ passRate: 249 / 250, cases: 250, passed: 249, failed: 1 }), policy({ minPassRate: 1 }));
    expect(decided.reasons).toEqual(['quality pass rate 0.996 < 1.000']);
  });
});
