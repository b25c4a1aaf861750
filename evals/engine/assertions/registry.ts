/**
 * The one registry of assertion types. It refuses duplicates and unknown types, applies `not-` negation once
 * for every type, and compiles a suite's raw assertion into a grader.
 */
import { cost } from './cost';
import { contains, icontains } from './contains';
import { containsAll, containsAny, icontainsAll, icontainsAny } from './contains-set';
import { equals } from './equals';
import { containsJson, isJson, jsonSchema } from './json';
import { latency } from './latency';
import { maxChars, maxWords } from './length';
import { llmRubric } from './llm-rubric';
import { regex } from './regex';
import { startsWith } from './starts-with';
import { ASSERTION_TYPES, type AnyAssertionHandler, type AssertionHandler, type AssertionType, type CompileOptions, type Grader } from './types';

const NEGATION = 'not-';

export class AssertionRegistry {
  private readonly handlers = new Map<string, AssertionHandler>();

  constructor(handlers: ReadonlyArray<AnyAssertionHandler>) {
    for (const handler of handlers) {
      if (this.handlers.has(handler.type)) throw new Error(`assertion type '${handler.type}' is registered twice`);
      this.handlers.set(handler.type, handler);
    }
    const missing = ASSERTION_TYPES.filter((type) => !this.handlers.has(type));
    if (missing.length > 0) throw new Error(`assertion types without a handler: ${missing.join(', ')}`);
  }

  /** Every type a suite may name, negated forms included. */
  get allowedTypes(): string[] {
    return [...ASSERTION_TYPES, ...ASSERTION_TYPES.map((t) => `${NEGATION}${t}`)];
  }

  /** Splits `not-contains` into its handler and the negation flag; undefined for an unknown type. */
  resolve(type: string): { handler: AssertionHandler; negate: boolean } | undefined {
    const negate = type.startsWith(NEGATION);
    const handler = this.handlers.get(negate ? type.slice(NEGATION.length) : type);
    return handler ? { handler, negate } : undefined;
  }

  /** Compiles an already validated value into a grader, negated when asked. */
  compile(handler: AssertionHandler, value: unknown, negate: boolean, options: CompileOptions): Grader {
    const grade = handler.compile(value, options);
    return negate ? negated(grade) : grade;
  }
}

/** Negation flips pass and score; the inner reason already states the observed fact either way. */
function negated(grade: Grader): Grader {
  return (context) => {
    const outcome = grade(context);
    if (outcome instanceof Promise) return outcome.then((o) => ({ pass: !o.pass, score: 1 - o.score, reason: o.reason }));
    return { pass: !outcome.pass, score: 1 - outcome.score, reason: outcome.reason };
  };
}

export const BUILTIN_ASSERTIONS = [
  equals,
  contains,
  icontains,
  containsAny,
  containsAll,
  icontainsAny,
  icontainsAll,
  startsWith,
  regex,
  isJson,
  containsJson,
  jsonSchema,
  maxWords,
  maxChars,
  latency,
  cost,
  llmRubric,
] as const satisfies ReadonlyArray<AnyAssertionHandler>;

export const defaultRegistry = new AssertionRegistry(BUILTIN_ASSERTIONS);

export type { AssertionType };
