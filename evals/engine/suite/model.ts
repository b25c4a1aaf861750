import type { Grader } from '../assertions/types';
import type { ScoringMode } from '../types';

/** An assertion ready to grade: validated, compiled, negation applied. */
export interface CompiledAssertion {
  /** As written, `not-` prefix included. */
  readonly type: string;
  readonly weight: number;
  /** Needs no expected answer, so it can also grade live traffic. */
  readonly online: boolean;
  readonly grade: Grader;
}

export interface EvalCase {
  readonly suite: string;
  readonly id: string;
  readonly input: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** Minimum weighted score; undefined means every assertion must pass. */
  readonly threshold?: number;
  readonly assertions: readonly CompiledAssertion[];
}

export interface Suite {
  readonly name: string;
  readonly version: number;
  readonly description?: string;
  readonly scoring: ScoringMode;
  readonly file: string;
  readonly cases: readonly EvalCase[];
}
