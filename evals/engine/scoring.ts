/**
 * Scoring: from assertion outcomes to a case verdict, from runs to a case result, and from case results to a
 * suite's pass rate. Pure functions; weights and thresholds come from the suite file.
 */
import type { AssertionOutcome, CaseResult, CaseRun, ScoringMode } from './types';

/**
 * A case's weighted score, and whether it passes: every assertion must pass unless the case has a threshold,
 * in which case the weighted score must reach it.
 */
export function scoreCase(outcomes: readonly AssertionOutcome[], threshold?: number): { score: number; pass: boolean } {
  let weighted = 0;
  let total = 0;
  for (const outcome of outcomes) {
    weighted += outcome.weight * outcome.score;
    total += outcome.weight;
  }
  const score = total === 0 ? 0 : weighted / total;
  const pass = threshold === undefined ? outcomes.every((o) => o.pass) : score >= threshold - 1e-12;
  return { score, pass };
}

/** Folds a case's repeats: it passes on a strict majority of its judged runs; mixed runs make it flaky. */
export function aggregateRuns(suite: string, id: string, tags: readonly string[], runs: readonly CaseRun[]): CaseResult {
  const judged = runs.filter((run) => run.error === undefined);
  const passes = judged.filter((run) => run.pass).length;
  const score = judged.length === 0 ? 0 : judged.reduce((sum, run) => sum + run.score, 0) / judged.length;
  return {
    suite,
    id,
    tags,
    runs,
    pass: judged.length > 0 && passes * 2 > judged.length,
    error: judged.length === 0,
    flaky: passes > 0 && passes < judged.length,
    score,
  };
}

export interface PassRate {
  /** Cases (or checks, under `scoring: checks`) that could be judged. */
  readonly judged: number;
  readonly passed: number;
  /** passed / judged; 0 when nothing could be judged. */
  readonly rate: number;
}

/**
 * A suite's pass rate. Over cases by default; `checks` counts individual assertions of the judged runs (the
 * classic eval-gate script's way). Errored cases are left out of both and counted apart.
 */
export function passRate(results: readonly CaseResult[], mode: ScoringMode): PassRate {
  let judged = 0;
  let passed = 0;
  for (const result of results) {
    if (result.error) continue;
    if (mode === 'cases') {
      judged += 1;
      if (result.pass) passed += 1;
      continue;
    }
    for (const run of result.runs) {
      if (run.error !== undefined) continue;
      judged += run.assertions.length;
      passed += run.assertions.filter((a) => a.pass).length;
    }
  }
  return { judged, passed, rate: judged === 0 ? 0 : passed / judged };
}
