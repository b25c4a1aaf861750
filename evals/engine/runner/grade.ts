import { scoreCase } from '../scoring';
import type { EvalCase } from '../suite/model';
import type { AssertionContext, AssertionOutcome, GradingResult } from '../types';

/**
 * Grades a response against a case's assertions. Deterministic assertions are graded synchronously; only
 * model-graded ones make it wait, so grading stays cheap on the hot path.
 */
export function gradeCase(evalCase: EvalCase, context: AssertionContext): { assertions: AssertionOutcome[]; score: number; pass: boolean } | Promise<{ assertions: AssertionOutcome[]; score: number; pass: boolean }> {
  const graded: Array<GradingResult | Promise<GradingResult>> = evalCase.assertions.map((a) => safeGrade(a.grade, context));
  const finish = (results: readonly GradingResult[]) => {
    const assertions = results.map((r, i) => ({ type: evalCase.assertions[i]!.type, weight: evalCase.assertions[i]!.weight, ...r }));
    return { assertions, ...scoreCase(assertions, evalCase.threshold) };
  };
  if (graded.some((g) => g instanceof Promise)) return Promise.all(graded).then(finish);
  return finish(graded as GradingResult[]);
}

/**
 * A grader that throws (no judge, no cost reported, a judge that is down) fails its assertion with the reason,
 * not the whole run, and whatever its `not-` prefix says.
 */
function safeGrade(grade: EvalCase['assertions'][number]['grade'], context: AssertionContext): GradingResult | Promise<GradingResult> {
  const failed = (error: unknown): GradingResult => ({ pass: false, score: 0, reason: `cannot grade: ${(error as Error).message}` });
  try {
    const outcome = grade(context);
    return outcome instanceof Promise ? outcome.catch(failed) : outcome;
  } catch (error) {
    return failed(error);
  }
}
