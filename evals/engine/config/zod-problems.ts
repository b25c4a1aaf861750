/**
 * Turns zod issues into located, human-readable problems: what is wrong, what is allowed, and for typos a
 * "did you mean" suggestion.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { ConfigProblem, DocPath, YamlSource } from './yaml-source';

/** The closest allowed word to `word` when it is plausibly a typo of it. */
export function didYouMean(word: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(word, [...allowed]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function allowedKeys(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

type SchemaDef = { type?: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; valueType?: unknown; in?: unknown };
const defOf = (schema: unknown): SchemaDef | undefined => (schema as { def?: SchemaDef } | undefined)?.def;

/** The schema under optional/default/nullable wrappers and transforms (a pipe's input is what the file holds). */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let def = defOf(current); def && ['optional', 'default', 'nullable', 'pipe'].includes(def.type ?? ''); def = defOf(current)) {
    current = def.type === 'pipe' ? def.in : def.innerType;
  }
  return current;
}

/** Finds the schema reached by following `path` through objects and arrays of `root`. */
function schemaAt(root: z.ZodType, path: DocPath): z.ZodType | undefined {
  let current = unwrap(root);
  for (const key of path) {
    const def = defOf(current);
    if (typeof key === 'number' && def?.type === 'array') current = unwrap(def.element);
    else if (typeof key === 'string' && def?.type === 'object') current = unwrap(def.shape?.[key]);
    else if (typeof key === 'string' && def?.type === 'record') current = unwrap(def.valueType);
    else return undefined;
  }
  return current as z.ZodType | undefined;
}

/** One located problem per zod issue. */
export function zodProblems(source: YamlSource, root: z.ZodType, error: z.ZodError, prefix: DocPath = []): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...(issue.path as Array<string | number>)];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schemaAt(root, issue.path as Array<string | number>));
      const [first] = issue.keys;
      const hint = first ? didYouMean(first, allowed) : undefined;
      const keys = issue.keys.map((k) => `'${k}'`).join(', ');
      const message = `unknown key ${keys}${hint ? `, did you mean '${hint}'?` : ''} Allowed: ${allowed.join(', ')}`;
      return source.problem(first ? [...path, first] : path, message, true);
    }
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
      return source.problem(path, `is required (${issue.expected})`);
    }
    return source.problem(path, issue.message);
  });
}
