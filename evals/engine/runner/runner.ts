/**
 * The eval runner: every case of every suite, `repeat` times, against the candidate and (when given) the
 * baseline, with bounded concurrency shared by both. Results come back in case order.
 */
import { aggregateRuns } from '../scoring';
import type { EvalCase, Suite } from '../suite/model';
import type { CaseResult, CaseRun, JudgeModel, Target } from '../types';
import { gradeCase } from './grade';
import { invokeWithRetry, type RetryPolicy } from './invoke';
import { mapPool } from './pool';

export interface RunOptions extends RetryPolicy {
  readonly suites: readonly Suite[];
  readonly target: Target;
  readonly baseline?: Target;
  readonly concurrency: number;
  readonly repeat: number;
  readonly judge?: JudgeModel;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RunResult {
  readonly candidate: readonly CaseResult[];
  readonly baseline?: readonly CaseResult[];
  readonly durationMs: number;
}

interface Job {
  readonly side: 'candidate' | 'baseline';
  readonly evalCase: EvalCase;
  readonly caseIndex: number;
}

export const RUN_DEFAULTS = { concurrency: 8, repeat: 1, timeoutMs: 30_000, retries: 2, backoffMs: 250 } as const;

export async function runEvals(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const cases = options.suites.flatMap((suite) => suite.cases);
  const sides = options.baseline ? (['candidate', 'baseline'] as const) : (['candidate'] as const);
  // Candidate and baseline runs of a case sit next to each other so both sides progress together.
  const jobs: Job[] = [];
  cases.forEach((evalCase, caseIndex) => {
    for (let r = 0; r < options.repeat; r += 1) for (const side of sides) jobs.push({ side, evalCase, caseIndex });
  });
  let done = 0;
  const runs = await mapPool(jobs, options.concurrency, async (job) => {
    const target = job.side === 'candidate' ? options.target : options.baseline!;
    const run = await runOnce(target, job.evalCase, options);
    done += 1;
    options.onProgress?.(done, jobs.length);
    return run;
  });
  const collect = (side: Job['side']): CaseResult[] => {
    const perCase = cases.map((): CaseRun[] => []);
    jobs.forEach((job, i) => {
      if (job.side === side) perCase[job.caseIndex]!.push(runs[i]!);
    });
    return cases.map((c, i) => aggregateRuns(c.suite, c.id, c.tags, perCase[i]!));
  };
  return {
    candidate: collect('candidate'),
    ...(options.baseline ? { baseline: collect('baseline') } : {}),
    durationMs: performance.now() - started,
  };
}

async function runOnce(target: Target, evalCase: EvalCase, options: RunOptions): Promise<CaseRun> {
  const outcome = await invokeWithRetry(target, { input: evalCase.input, vars: evalCase.vars, caseId: evalCase.id }, options);
  if (!outcome.ok) {
    return {
      error: { kind: outcome.error.kind, message: outcome.error.message },
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
      score: 0,
      pass: false,
      assertions: [],
    };
  }
  const { response, latencyMs } = outcome;
  const graded = await gradeCase(evalCase, {
    output: response.output,
    input: evalCase.input,
    vars: evalCase.vars,
    latencyMs,
    ...(response.costUsd === undefined ? {} : { costUsd: response.costUsd }),
    ...(options.judge ? { judge: options.judge } : {}),
  });
  return {
    output: response.output,
    attempts: outcome.attempts,
    latencyMs,
    ...(response.costUsd === undefined ? {} : { costUsd: response.costUsd }),
    ...(response.usage ? { usage: response.usage } : {}),
    ...(response.model ? { model: response.model } : {}),
    ...graded,
  };
}
