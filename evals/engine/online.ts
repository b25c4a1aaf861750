/**
 * Live checks: the suites' assertions marked `online: true` (they need no expected answer), reduced to what can
 * grade a production response whose case is unknown. A check applies to every response when every case of every
 * suite carries it (its own or through its suite's `defaults`). It applies to the responses of a task (a tag such
 * as `summarize`) when any case with that tag carries it: `online: true` is the suite author saying the assertion
 * holds for the task whatever the input (the shape of an extraction, the length of a summary), so one case
 * saying it is enough. For length limits the most lenient limit among those cases is kept.
 */
import { loadSuite } from './suite/load';
import { rawAssertionSchema, rawCaseSchema, rawSuiteSchema, type RawAssertion } from './suite/schema';
import { YamlSource } from './config/yaml-source';

export interface OnlineCheck {
  readonly type: string;
  readonly value?: unknown;
}

export interface OnlineChecks {
  /** Checks for every response. */
  readonly all: readonly OnlineCheck[];
  /** Checks for the responses of one task, by tag. */
  readonly byTag: Readonly<Record<string, readonly OnlineCheck[]>>;
}

const LIMITS = new Set(['max-words', 'max-chars']);
const keyOf = (check: OnlineCheck) => (LIMITS.has(check.type) ? check.type : `${check.type}\u0000${JSON.stringify(check.value)}`);
const toCheck = (a: RawAssertion): OnlineCheck => (a.value === undefined ? { type: a.type } : { type: a.type, value: a.value });

/**
 * Derives the live checks from suite files (each is fully validated first), for the given task tags.
 *
 * @example
 * deriveOnlineChecks(['evals/suites/quality.yaml'], ['summarize', 'extract']);
 * // { all: [{ type: 'not-icontains', value: 'LUMEN-CANARY-7f3a9c' }], byTag: { summarize: [{ type: 'max-words', value: 50 }] } }
 */
export function deriveOnlineChecks(files: readonly string[], tags: readonly string[]): OnlineChecks {
  const everyCase: Array<Map<string, OnlineCheck>> = [];
  const perTag = new Map<string, Map<string, OnlineCheck>>();
  for (const file of files) {
    loadSuite(file);
    const raw = rawSuiteSchema.parse(YamlSource.read(file).data());
    const defaults = (raw.defaults?.assert ?? []).map((x) => rawAssertionSchema.parse(x));
    const cases = raw.cases.map((x) => rawCaseSchema.parse(x));
    const checksOf = cases.map((c) => onlineChecksOf([...defaults, ...(c.assert ?? []).map((x) => rawAssertionSchema.parse(x))]));
    everyCase.push(...checksOf);
    for (const tag of tags) {
      const merged = perTag.get(tag) ?? new Map<string, OnlineCheck>();
      checksOf.forEach((checks, i) => {
        if (!cases[i]!.tags?.includes(tag)) return;
        for (const [key, check] of checks) merged.set(key, merged.has(key) ? lenient(merged.get(key)!, check) : check);
      });
      perTag.set(tag, merged);
    }
  }
  const all = commonChecks(everyCase);
  const universal = new Set(all.map(keyOf));
  const byTag: Record<string, OnlineCheck[]> = {};
  for (const [tag, checks] of perTag) {
    const specific = [...checks.values()].filter((check) => !universal.has(keyOf(check)));
    if (specific.length > 0) byTag[tag] = specific;
  }
  return { all, byTag };
}

/** Of two checks with the same key, the one that passes more answers (only limits can differ). */
function lenient(a: OnlineCheck, b: OnlineCheck): OnlineCheck {
  return LIMITS.has(a.type) ? { type: a.type, value: Math.max(Number(a.value), Number(b.value)) } : a;
}

function onlineChecksOf(assertions: readonly RawAssertion[]): Map<string, OnlineCheck> {
  const checks = new Map<string, OnlineCheck>();
  for (const a of assertions) {
    if (!a.online) continue;
    const check = toCheck(a);
    const previous = checks.get(keyOf(check));
    checks.set(keyOf(check), previous ? lenient(previous, check) : check);
  }
  return checks;
}

/** The checks every case carries; for limits, the largest value among the cases. */
function commonChecks(cases: ReadonlyArray<Map<string, OnlineCheck>>): OnlineCheck[] {
  const [first, ...rest] = cases;
  if (!first) return [];
  const common: OnlineCheck[] = [];
  for (const [key, check] of first) {
    if (rest.every((c) => c.has(key))) common.push(rest.reduce((acc, c) => lenient(acc, c.get(key)!), check));
  }
  return common;
}
