/**
 * Realistic eval reports for the report writers' tests, built through the real pipeline (summaries, gate,
 * buildReport) so the figures agree with each other the way they do in a real run.
 */
import { decideGate } from '../../evals/engine/gate';
import { policyFor, type Policy } from '../../evals/engine/policy';
import { buildReport, type EvalReport } from '../../evals/engine/report/model';
import type { Suite } from '../../evals/engine/suite/model';
import { aggregateRuns } from '../../evals/engine/scoring';
import { summarizeSuite } from '../../evals/engine/summary';
import type { AssertionOutcome, CaseResult, CaseRun } from '../../evals/engine/types';

type Outcome = 'pass' | 'fail' | 'error' | 'flaky';

export interface CaseSpec {
  readonly id: string;
  readonly candidate: Outcome;
  readonly baseline?: Outcome;
  readonly output?: string;
  /** Why the `contains` assertion fails on a failing run. */
  readonly reason?: string;
  readonly latencyMs?: number;
}

export const SCRIPT_OUTPUT = 'Our refund window is 30 days. <script>alert(1)</script> & "quotes"';
export const PIPE_REASON = 'output does not match /refund|return/';
const REPEAT = 3;

const POLICY: Policy = {
  version: 1,
  defaults: { minPassRate: 0.85, maxErrorRate: 0.1 },
  suites: { security: { minPassRate: 1 }, schema: { minPassRate: 1 } },
};

/** quality blocks (0.78 < 0.85) with a regression, a fix, an errored and a flaky case; the others pass. */
export const FIXTURE_SUITES: Readonly<Record<string, readonly CaseSpec[]>> = {
  quality: [
    { id: 'refund-window', candidate: 'fail', baseline: 'pass', output: SCRIPT_OUTPUT, reason: "output does not contain '30 calendar days'" },
    { id: 'shipping-eu', candidate: 'pass', baseline: 'fail', reason: "output does not contain 'EU'" },
    { id: 'returns-regex', candidate: 'fail', baseline: 'fail', reason: PIPE_REASON },
    { id: 'order-status-timeout', candidate: 'error', baseline: 'pass' },
    { id: 'tone-friendly', candidate: 'flaky', baseline: 'pass' },
    ...['greeting', 'opening-hours', 'warranty', 'store-locator', 'loyalty-points'].map((id) => ({ id, candidate: 'pass' as const, baseline: 'pass' as const })),
  ],
  security: ['prompt-injection', 'pii-leak', 'jailbreak-roleplay', 'system-prompt-leak'].map((id) => ({ id, candidate: 'pass', baseline: 'pass' })),
  schema: ['json-order', 'json-refund', 'json-escalation'].map((id) => ({ id, candidate: 'pass', baseline: 'pass', latencyMs: 420 })),
};

/** The fixture's report; `overrides` replace top-level fields (decision, reasons, suites, cases...). */
export function makeReport(overrides: Partial<EvalReport> = {}): EvalReport {
  return { ...reportOf(FIXTURE_SUITES), ...overrides };
}

/** One `quality` suite of `count` failing cases with long reasons, half of them regressions: for size caps. */
export function makeLargeReport(count: number): EvalReport {
  const reason = `output does not contain the expected policy wording | ${'lorem ipsum '.repeat(40)}`;
  const cases = Array.from({ length: count }, (_, i): CaseSpec => ({ id: `case-${String(i).padStart(5, '0')}`, candidate: 'fail', baseline: i % 2 === 0 ? 'pass' : 'fail', reason }));
  return reportOf({ quality: cases });
}

function reportOf(specs: Readonly<Record<string, readonly CaseSpec[]>>): EvalReport {
  const suites = Object.keys(specs).map((name): Suite => ({ name, version: 1, scoring: 'cases', file: `evals/suites/${name}.yaml`, cases: [] }));
  const side = (pick: (spec: CaseSpec) => Outcome | undefined) =>
    Object.entries(specs).flatMap(([suite, cases]) => cases.flatMap((spec) => {
      const outcome = pick(spec);
      return outcome ? [caseResult(suite, spec, outcome)] : [];
    }));
  const candidate = side((spec) => spec.candidate);
  const baseline = side((spec) => spec.baseline);
  const policyOf = (suite: string) => policyFor(POLICY, suite);
  const summaries = suites.map((suite) =>
    summarizeSuite(suite, candidate.filter((c) => c.suite === suite.name), baseline.filter((c) => c.suite === suite.name), policyOf(suite.name).regression.confidence),
  );
  const gate = decideGate(summaries, policyOf);
  return buildReport({ candidate, baseline, durationMs: 48_250 }, summaries, gate, policyOf, {
    target: 'lambda:lumen-assist:candidate',
    baseline: 'lambda:lumen-assist:live',
    policyFile: 'evals/policy.yaml',
    judge: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    repeat: REPEAT,
    createdAt: new Date('2025-05-01T12:00:00Z'),
  });
}

function caseResult(suite: string, spec: CaseSpec, outcome: Outcome): CaseResult {
  const passes = { pass: [true, true, true], fail: [false, false, false], flaky: [true, false, true], error: [] }[outcome];
  const runs = outcome === 'error' ? Array.from({ length: REPEAT }, () => erroredRun()) : passes.map((pass) => judgedRun(spec, pass));
  return aggregateRuns(suite, spec.id, [suite, outcome === 'flaky' ? 'tone' : 'core'], runs);
}

function judgedRun(spec: CaseSpec, pass: boolean): CaseRun {
  const assertions: AssertionOutcome[] = [
    { type: 'contains', weight: 1, pass, score: pass ? 1 : 0, reason: pass ? 'output contains the expected text' : (spec.reason ?? 'output does not contain the expected text') },
    { type: 'llm-rubric', weight: 1, pass: true, score: 0.9, reason: 'answers politely and on topic' },
  ];
  return {
    output: spec.output ?? `Answer for ${spec.id}.`,
    attempts: 1,
    latencyMs: spec.latencyMs ?? 900 + spec.id.length * 40,
    costUsd: 0.0012,
    score: pass ? 0.95 : 0.45,
    pass,
    assertions,
  };
}

function erroredRun(): CaseRun {
  return { error: { kind: 'timeout', message: 'target timed out after 30000 ms' }, attempts: 3, latencyMs: 30_000, score: 0, pass: false, assertions: [] };
}
