/**
 * The eval engine's contracts. Pure types: no AWS, no I/O.
 */

/** What the engine sends to an app under evaluation, whatever the transport (module, HTTP, Lambda). */
export interface TargetRequest {
  readonly input: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly caseId: string;
}

/** What an app under evaluation returns (ARCHITECTURE.md, "Target response"). */
export interface TargetResponse {
  readonly output: string;
  readonly latencyMs?: number;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd?: number;
  readonly model?: string;
}

/** One app under evaluation: a candidate or a baseline. */
export interface Target {
  /** The spec it was made from, for reports (`module:...`, `http://...`, `lambda:...`). */
  readonly spec: string;
  invoke(request: TargetRequest, signal: AbortSignal): Promise<TargetResponse>;
  close(): Promise<void>;
}

/** The result of grading one assertion. `score` is in [0, 1]. */
export interface GradingResult {
  readonly pass: boolean;
  readonly score: number;
  readonly reason: string;
}

/** A model that grades free text against a rubric (`llm-rubric`). Its model id must be pinned. */
export interface JudgeModel {
  readonly modelId: string;
  grade(request: {
    readonly rubric: string;
    readonly output: string;
    readonly input: string;
  }): Promise<GradingResult>;
}

/** What an assertion sees of a case's response. */
export interface AssertionContext {
  readonly output: string;
  readonly input: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  readonly costUsd?: number;
  readonly judge?: JudgeModel;
}

export type ScoringMode = 'cases' | 'checks';

/** Per-assertion outcome as written to reports. `type` keeps the `not-` prefix. */
export interface AssertionOutcome extends GradingResult {
  readonly type: string;
  readonly weight: number;
}

export type TargetErrorKind = 'timeout' | 'http' | 'throttled' | 'network' | 'invalid-response' | 'function-error';

/** One execution of one case against one target (there are `repeat` of them per case). */
export interface CaseRun {
  readonly output?: string;
  readonly error?: { readonly kind: TargetErrorKind; readonly message: string };
  readonly attempts: number;
  readonly latencyMs: number;
  readonly costUsd?: number;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly model?: string;
  readonly score: number;
  readonly pass: boolean;
  readonly assertions: readonly AssertionOutcome[];
}

/** A case's result against one target, over all its repeats. */
export interface CaseResult {
  readonly suite: string;
  readonly id: string;
  readonly tags: readonly string[];
  readonly runs: readonly CaseRun[];
  /** A strict majority of the non-error runs passed. */
  readonly pass: boolean;
  /** Every run errored: the case cannot be judged and is counted apart from failures. */
  readonly error: boolean;
  /** Under `--repeat`, the runs disagreed. */
  readonly flaky: boolean;
  /** Mean score of the non-error runs. */
  readonly score: number;
}
