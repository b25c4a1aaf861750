/**
 * Loads a suite file: YAML -> schema -> per-type assertion values -> compiled graders. Every problem is
 * collected with its file:line:column and JSON path before anything is thrown, so one run shows them all.
 */
import { basename, extname } from 'node:path';
import { defaultRegistry, type AssertionRegistry } from '../assertions/registry';
import { AssertionValueError } from '../assertions/types';
import { ConfigFileError, YamlSource, type ConfigProblem, type DocPath } from '../config/yaml-source';
import { didYouMean, zodProblems } from '../config/zod-problems';
import type { CompiledAssertion, EvalCase, Suite } from './model';
import { rawAssertionSchema, rawCaseSchema, rawSuiteSchema, type RawAssertion } from './schema';

/** Reads and compiles one suite file; throws {@link ConfigFileError} listing every problem. */
export function loadSuite(file: string, registry: AssertionRegistry = defaultRegistry): Suite {
  return compileSuite(YamlSource.read(file), registry);
}

/** Compiles a suite from YAML text (used for files and for tests). */
export function parseSuite(file: string, text: string, registry: AssertionRegistry = defaultRegistry): Suite {
  return compileSuite(YamlSource.parse(file, text), registry);
}

function compileSuite(source: YamlSource, registry: AssertionRegistry): Suite {
  const problems: ConfigProblem[] = [];
  const data = source.data();
  const header = rawSuiteSchema.safeParse(data);
  if (!header.success) problems.push(...zodProblems(source, rawSuiteSchema, header.error));
  const raw = header.success ? header.data : undefined;
  const compileAll = (list: readonly unknown[] | undefined, path: DocPath) =>
    (list ?? []).flatMap((a, i) => compileAssertion(source, registry, a, [...path, i], problems) ?? []);

  const defaults = compileAll(raw?.defaults?.assert, ['defaults', 'assert']);
  const rawCases: unknown[] = raw?.cases ?? casesOf(data);
  const firstIndexOf = new Map<string, number>();
  const cases = rawCases.flatMap((value, index): EvalCase[] => {
    const parsed = rawCaseSchema.safeParse(value);
    const assert = parsed.success ? parsed.data.assert : assertionsOf(value);
    const own = compileAll(assert, ['cases', index, 'assert']);
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      const seen = firstIndexOf.get(id);
      if (seen === undefined) firstIndexOf.set(id, index);
      else problems.push(source.problem(['cases', index, 'id'], `duplicate case id '${id}' (first used by cases[${seen}])`));
    }
    if (!parsed.success) {
      problems.push(...zodProblems(source, rawCaseSchema, parsed.error, ['cases', index]));
      return [];
    }
    const c = parsed.data;
    if ((c.assert ?? []).length === 0 && (raw?.defaults?.assert ?? []).length === 0) {
      problems.push(source.problem(['cases', index], `case '${c.id}' has no assertions (add 'assert' or suite 'defaults.assert')`));
    }
    const threshold = c.threshold ?? raw?.defaults?.threshold;
    return [{
      suite: raw?.suite ?? '',
      id: c.id,
      input: c.input,
      vars: c.vars ?? {},
      tags: c.tags ?? [],
      ...(threshold === undefined ? {} : { threshold }),
      assertions: [...defaults, ...own],
    }];
  });
  if (problems.length > 0 || !raw) throw new ConfigFileError(source.file, problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return {
    name: raw.suite,
    version: raw.version ?? 1,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    scoring: raw.scoring ?? 'cases',
    file: source.file,
    cases,
  };
}

/** The cases of a document whose suite header is broken, so their own problems are still reported. */
function casesOf(data: unknown): unknown[] {
  const cases = (data as { cases?: unknown } | null)?.cases;
  return Array.isArray(cases) ? cases : [];
}

function assertionsOf(value: unknown): unknown[] | undefined {
  const assert = (value as { assert?: unknown } | null)?.assert;
  return Array.isArray(assert) ? assert : undefined;
}

function compileAssertion(
  source: YamlSource,
  registry: AssertionRegistry,
  value: unknown,
  path: DocPath,
  problems: ConfigProblem[],
): CompiledAssertion | undefined {
  const parsed = rawAssertionSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(...zodProblems(source, rawAssertionSchema, parsed.error, path));
    return undefined;
  }
  const raw: RawAssertion = parsed.data;
  const resolved = registry.resolve(raw.type);
  if (!resolved) {
    const hint = didYouMean(raw.type, registry.allowedTypes);
    const message = `unknown assertion type '${raw.type}'${hint ? `, did you mean '${hint}'?` : ''} Allowed: ${registry.allowedTypes.filter((t) => !t.startsWith('not-')).join(', ')} (each also as not-<type>)`;
    problems.push(source.problem([...path, 'type'], message));
    return undefined;
  }
  const checked = resolved.handler.value.safeParse(raw.value);
  if (!checked.success) {
    problems.push(...zodProblems(source, resolved.handler.value, checked.error, [...path, 'value']).map((p) => ({
      ...p,
      message: `${raw.type}: ${raw.value === undefined ? 'value is required' : p.message}`,
    })));
    return undefined;
  }
  try {
    const options = raw.threshold === undefined ? {} : { threshold: raw.threshold };
    return {
      type: raw.type,
      weight: raw.weight ?? 1,
      online: raw.online ?? false,
      grade: registry.compile(resolved.handler, checked.data, resolved.negate, options),
    };
  } catch (error) {
    if (!(error instanceof AssertionValueError)) throw error;
    problems.push(source.problem([...path, 'value'], `${raw.type}: ${error.message}`));
    return undefined;
  }
}

/** `quality` -> `<dir>/quality.yaml`; anything with a slash or a YAML extension is taken as a path. */
export function suitePath(nameOrPath: string, suitesDir: string): string {
  const isPath = nameOrPath.includes('/') || ['.yaml', '.yml'].includes(extname(nameOrPath));
  return isPath ? nameOrPath : `${suitesDir}/${basename(nameOrPath)}.yaml`;
}
