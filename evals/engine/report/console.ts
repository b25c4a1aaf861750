/**
 * The terminal summary of `evalgate eval`: a table of suites, what regressed and why, and a last line that
 * says the decision and its reason, the line a person reads in a CI log.
 */
import pc from 'picocolors';
import type { Decision } from '../gate';
import { DASH, DECISION_LABEL, capped, changesOf, duration, failureReasons, flakyOf, millis, oneLine, points, rate } from './format';
import type { EvalReport, ReportCase, ReportSuite } from './model';

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

interface Cell {
  readonly text: string;
  readonly paint?: Paint;
}

export interface ConsoleOptions {
  /** ANSI colors; off for pipes, files and NO_COLOR. */
  readonly color: boolean;
}

const MAX_LISTED = 25;
const MAX_LINE_CHARS = 160;
const HEADERS = ['suite', 'cases', 'pass rate', 'errors', 'Δ vs baseline', 'p95', 'decision'];
const RIGHT_ALIGNED = new Set(['cases', 'errors', 'Δ vs baseline', 'p95']);

/** Outputs and reasons come from a model, which can emit escape sequences that would drive the terminal. */
function plain(text: string, max = MAX_LINE_CHARS): string {
  return oneLine(text.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' '), max);
}

/**
 * @example
 * process.stdout.write(renderConsole(report, { color: process.stdout.isTTY === true }));
 * // ...
 * // BLOCKED: quality pass rate 0.78 < 0.85
 */
export function renderConsole(report: EvalReport, options: ConsoleOptions): string {
  const c = pc.createColors(options.color);
  const against = report.baseline === undefined ? '' : ` vs ${plain(report.baseline)}`;
  const blocks = [
    `${c.bold('evalgate')} ${plain(report.target)}${against} ${c.dim(`(repeat ${report.repeat}, ${duration(report.durationMs)})`)}`,
    table(HEADERS.map((text) => ({ text, paint: c.dim })), report.suites.map((s) => suiteRow(s, c))),
    regressionList(report, c),
    report.baseline === undefined ? caseList('Failed', report.cases.filter((x) => !x.pass && !x.error), c.red, c) : '',
    caseList('Errors', report.cases.filter((x) => x.error), c.yellow, c),
    flakyLine(report, c),
    noteList(report, c),
    finalLine(report, c),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

function decisionPaint(decision: Decision, c: Colors): Paint {
  return { pass: c.green, block: c.red, inconclusive: c.yellow }[decision];
}

function suiteRow(s: ReportSuite, c: Colors): Cell[] {
  const below = s.passRate < s.policy.minPassRate;
  const comparison = s.comparison && s.comparison.paired > 0 ? s.comparison : undefined;
  return [
    { text: plain(s.suite), paint: c.bold },
    { text: String(s.cases) },
    { text: `${rate(s.passRate)} ${below ? '<' : '>='} ${rate(s.policy.minPassRate)}`, paint: below ? c.red : c.green },
    { text: String(s.errors), ...(s.errors > 0 ? { paint: c.yellow } : {}) },
    { text: comparison ? points(comparison.delta) : DASH, ...(comparison && comparison.delta < 0 ? { paint: c.red } : {}) },
    { text: millis(s.latency.p95) },
    { text: DECISION_LABEL[s.decision], paint: decisionPaint(s.decision, c) },
  ];
}

/** Pads by the visible text, then paints, so colors never shift a column. */
function table(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]?.text.length ?? 0)));
  const line = (row: readonly Cell[]) =>
    row
      .map((cell, i) => {
        const last = i === row.length - 1;
        const pad = last ? '' : ' '.repeat(widths[i]! - cell.text.length);
        const text = cell.paint ? cell.paint(cell.text) : cell.text;
        return RIGHT_ALIGNED.has(HEADERS[i]!) ? pad + text : text + pad;
      })
      .join('  ');
  return all.map(line).join('\n');
}

function regressionList(report: EvalReport, c: Colors): string {
  const { shown, more } = capped(changesOf(report, 'regressions'), MAX_LISTED);
  if (shown.length === 0) return '';
  const labels = shown.map((r) => plain(`${r.suite}/${r.id}`));
  const width = Math.max(...labels.map((label) => label.length));
  return [
    c.red(c.bold(`Regressions (${shown.length + more})`)),
    ...shown.map((r, i) => `  ${c.bold(labels[i]!.padEnd(width))}  ${plain(r.reasons.join('; '))}`),
    ...(more > 0 ? [c.dim(`  … and ${more} more`)] : []),
  ].join('\n');
}

/** Cases that failed (without a baseline there are no regressions to list) or errored, with why. */
function caseList(title: string, cases: readonly ReportCase[], paint: Paint, c: Colors): string {
  const { shown, more } = capped(cases, MAX_LISTED);
  if (shown.length === 0) return '';
  const labels = shown.map((x) => plain(`${x.suite}/${x.id}`));
  const width = Math.max(...labels.map((label) => label.length));
  return [
    paint(c.bold(`${title} (${cases.length})`)),
    ...shown.map((x, i) => `  ${c.bold(labels[i]!.padEnd(width))}  ${plain(failureReasons(x).join('; '))}`),
    ...(more > 0 ? [c.dim(`  … and ${more} more`)] : []),
  ].join('\n');
}

function flakyLine(report: EvalReport, c: Colors): string {
  const { shown, more } = capped(flakyOf(report), MAX_LISTED);
  if (shown.length === 0) return '';
  return `${c.yellow(`Flaky (${shown.length + more}):`)} ${shown.map((id) => plain(id)).join(', ')}${more > 0 ? c.dim(`, … and ${more} more`) : ''}`;
}

function noteList(report: EvalReport, c: Colors): string {
  const notes = report.suites.flatMap((s) => s.notes);
  return notes.length === 0 ? '' : [c.bold('Notes'), ...notes.map((note) => `  ${plain(note)}`)].join('\n');
}

function finalLine(report: EvalReport, c: Colors): string {
  const label = c.bold(decisionPaint(report.decision, c)(`${DECISION_LABEL[report.decision]}:`));
  return `${label} ${plain(report.reasons.join('; '), 1000)}`;
}
