/**
 * The report of one `evalgate eval` run: everything the writers (JSON, JUnit, Markdown, HTML, console) show,
 * built once from the run, the summaries and the gate decision.
 */
import type { Decision, GateDecision } from '../gate';
import type { SuitePolicy } from '../policy';
import type { RunResult } from '../runner/runner';
import type { SuiteSummary } from '../summary';
import type { CaseResult } from '../types';

/** Outputs are eval data, not user traffic, but are still cut so a report stays readable and small. */
export const MAX_OUTPUT_CHARS = 2000;

export interface ReportAssertion {
  readonly type: string;
  readonly pass: boolean;
  readonly score: number;
  readonly reason: string;
}

export interface ReportCase {
  readonly suite: string;
  readonly id: string;
  readonly tags: readonly string[];
  readonly pass: boolean;
  readonly error: boolean;
  readonly errorMessage?: string;
  readonly flaky: boolean;
  readonly score: number;
  readonly runs: number;
  readonly latencyMs: number;
  readonly costUsd?: number;
  readonly output?: string;
  /** The assertions of the first judged run. */
  readonly assertions: readonly ReportAssertion[];
  readonly baseline?: { readonly pass: boolean; readonly error: boolean; readonly score: number };
  /** Against the baseline: the candidate lost (regression) or won (fix) this case. */
  readonly change?: 'regression' | 'fix';
}

export interface ReportSuite extends SuiteSummary {
  readonly decision: Decision;
  readonly reasons: readonly string[];
  readonly notes: readonly string[];
  readonly policy: SuitePolicy;
}

export interface EvalReport {
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly durationMs: number;
  readonly decision: Decision;
  readonly reasons: readonly string[];
  readonly target: string;
  readonly baseline?: string;
  readonly policyFile?: string;
  readonly judge?: string;
  readonly repeat: number;
  readonly suites: readonly ReportSuite[];
  readonly cases: readonly ReportCase[];
}

export interface ReportMeta {
  readonly target: string;
  readonly baseline?: string;
  readonly policyFile?: string;
  readonly judge?: string;
  readonly repeat: number;
  readonly createdAt?: Date;
}

export function buildReport(
  run: RunResult,
  summaries: readonly SuiteSummary[],
  gate: GateDecision,
  policyOf: (suite: string) => SuitePolicy,
  meta: ReportMeta,
): EvalReport {
  const baselineOf = new Map((run.baseline ?? []).map((b) => [`${b.suite}\u0000${b.id}`, b]));
  const suites = summaries.map((summary, i) => {
    const decided = gate.suites[i]!;
    return { ...summary, decision: decided.decision, reasons: decided.reasons, notes: decided.notes, policy: policyOf(summary.suite) };
  });
  return {
    schemaVersion: 1,
    createdAt: (meta.createdAt ?? new Date()).toISOString(),
    durationMs: Math.round(run.durationMs),
    decision: gate.decision,
    reasons: gate.reasons,
    target: meta.target,
    ...(meta.baseline === undefined ? {} : { baseline: meta.baseline }),
    ...(meta.policyFile === undefined ? {} : { policyFile: meta.policyFile }),
    ...(meta.judge === undefined ? {} : { judge: meta.judge }),
    repeat: meta.repeat,
    suites,
    cases: run.candidate.map((c) => reportCase(c, baselineOf.get(`${c.suite}\u0000${c.id}`))),
  };
}

function reportCase(result: CaseResult, baseline: CaseResult | undefined): ReportCase {
  const judged = result.runs.find((run) => run.error === undefined);
  const first = judged ?? result.runs[0];
  const errored = result.runs.find((run) => run.error !== undefined);
  const comparable = baseline && !baseline.error && !result.error;
  const change = comparable && baseline.pass && !result.pass ? 'regression' : comparable && !baseline.pass && result.pass ? 'fix' : undefined;
  return {
    suite: result.suite,
    id: result.id,
    tags: result.tags,
    pass: result.pass,
    error: result.error,
    ...(errored?.error ? { errorMessage: errored.error.message } : {}),
    flaky: result.flaky,
    score: result.score,
    runs: result.runs.length,
    latencyMs: Math.round(first?.latencyMs ?? 0),
    ...(first?.costUsd === undefined ? {} : { costUsd: first.costUsd }),
    ...(judged?.output === undefined ? {} : { output: judged.output.slice(0, MAX_OUTPUT_CHARS) }),
    assertions: (judged?.assertions ?? []).map(({ type, pass, score, reason }) => ({ type, pass, score, reason })),
    ...(baseline ? { baseline: { pass: baseline.pass, error: baseline.error, score: baseline.score } } : {}),
    ...(change ? { change } : {}),
  };
}
