import type { z } from 'zod';
import type { AssertionContext, GradingResult } from '../types';

/** Every assertion type a suite may name (each may also be written with a `not-` prefix). */
export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'starts-with',
  'regex',
  'is-json',
  'contains-json',
  'json-schema',
  'max-words',
  'max-chars',
  'latency',
  'cost',
  'llm-rubric',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

/** Grades one response. Synchronous for deterministic types, asynchronous for model-graded ones. */
export type Grader = (context: AssertionContext) => GradingResult | Promise<GradingResult>;

export interface CompileOptions {
  /** Minimum score for a pass, for scored types (`llm-rubric`). */
  readonly threshold?: number;
}

/**
 * One assertion type: how its `value` is validated and how it is compiled into a grader. Compiling happens
 * once when a suite is loaded (regexes and JSON schemas are built there), so grading is cheap.
 */
export interface AssertionHandler<V = unknown> {
  readonly type: AssertionType;
  readonly value: z.ZodType<V>;
  compile(value: V, options: CompileOptions): Grader;
}

/**
 * A value that passed its schema but cannot be compiled (invalid regex, invalid JSON schema), or an assertion that
 * cannot be graded at all (no judge, no cost reported): such a case fails whatever its negation says.
 */
export class AssertionValueError extends Error {
  override readonly name = 'AssertionValueError';
}

export const result = (pass: boolean, reason: string, score = pass ? 1 : 0): GradingResult => ({ pass, score, reason });

/** Quotes a value for a reason, shortened so reports stay readable. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return `'${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}'`;
}

/** A handler of any value type: the registry stores them side by side and validates values with their schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAssertionHandler = AssertionHandler<any>;
