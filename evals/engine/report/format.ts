/**
 * Figures and wording shared by the report writers, so JUnit, Markdown, HTML and the console say the same
 * thing the same way (and the way the gate's reasons say it).
 */
import type { Decision } from '../gate';
import type { CaseChange, Comparison } from '../summary';
import type { EvalReport, ReportCase } from './model';

export const DECISION_LABEL: Readonly<Record<Decision, string>> = { pass: 'PASS', block: 'BLOCKED', inconclusive: 'INCONCLUSIVE' };

/** Stands for a figure that does not apply (no baseline, no latency). */
export const DASH = '–';

/** A rate as the gate writes it: 0.78 */
export const rate = (x: number): string => x.toFixed(2);

export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

const signed = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

/** A difference of rates in percentage points, signed: +1.5 pts */
export const points = (x: number): string => `${signed(x)} pts`;

/** A relative change, signed: +25% */
export const relative = (x: number): string => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;

export const millis = (x: number | undefined): string => (x === undefined ? DASH : `${Math.round(x)} ms`);

/** JUnit's unit: seconds with millisecond precision. */
export const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A run's wall time for people: 48.3 s */
export const duration = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Per-case costs are fractions of a cent, so small amounts keep their significant digits. */
export const usd = (x: number | undefined): string => (x === undefined ? DASH : x >= 1 ? `$${x.toFixed(2)}` : `$${x.toPrecision(2)}`);

/** Delta of the pass rate against the baseline with its interval: +1.5 pts (95% CI -3.0..+6.0) */
export function deltaWithInterval(comparison: Comparison | undefined): string {
  if (!comparison || comparison.paired === 0) return DASH;
  const [low, high] = comparison.interval;
  return `${points(comparison.delta)} (${Math.round(comparison.confidence * 100)}% CI ${signed(low)}..${signed(high)})`;
}

export interface SuiteCaseChange extends CaseChange {
  readonly suite: string;
}

/** Every suite's regressions (or fixes) against the baseline, with the reasons the losing side failed. */
export function changesOf(report: EvalReport, kind: 'regressions' | 'fixes'): SuiteCaseChange[] {
  return report.suites.flatMap((s) => (s.comparison?.[kind] ?? []).map((change) => ({ suite: s.suite, ...change })));
}

export function flakyOf(report: EvalReport): string[] {
  return report.suites.flatMap((s) => s.flaky.map((id) => `${s.suite}/${id}`));
}

/** Why a case did not pass: its error, its failed assertions, or (a threshold case, a flaky majority) its score. */
export function failureReasons(c: ReportCase): string[] {
  if (c.error) return [c.errorMessage ?? 'the target failed on every run'];
  const failed = c.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
  return failed.length > 0 ? failed : [`case failed with score ${rate(c.score)} over ${c.runs} run(s)`];
}

/** Folds whitespace so free text fits on one line of a table or a list. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The first `max` items, and how many were left out. */
export function capped<T>(items: readonly T[], max: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
