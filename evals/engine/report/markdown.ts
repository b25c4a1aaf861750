/**
 * The Markdown summary posted as a pull-request comment. Comment bodies are limited (GitHub: 65,536
 * characters), so every list is capped and every free-text line clipped: a run of thousands of failing cases
 * still fits, and says how much it left out.
 */
import type { Decision } from '../gate';
import { DECISION_LABEL, capped, changesOf, deltaWithInterval, duration, failureReasons, flakyOf, millis, oneLine, rate } from './format';
import type { EvalReport, ReportSuite } from './model';

const ICON: Readonly<Record<Decision, string>> = { pass: '✅', block: '⛔', inconclusive: '⚠️' };
/** Items shown before a list folds into <details>, and items listed at all. */
const VISIBLE_ITEMS = 20;
const MAX_ITEMS = 60;
const MAX_LINE_CHARS = 240;
const MAX_FLAKY = 50;

/**
 * Free text made inert: HTML is escaped (comments render inline HTML) and Markdown punctuation is
 * backslash-escaped so an assertion reason cannot open a link, emphasis or a new table cell.
 */
export function escapeMarkdown(text: string, max = MAX_LINE_CHARS): string {
  return oneLine(text, max)
    .replace(/[\\`*_[\]|~#]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * @example
 * writeFileSync('summary.md', renderMarkdown(report)); // "## ⛔ evalgate: BLOCKED\n\n- quality pass rate 0.78 < 0.85 ..."
 */
export function renderMarkdown(report: EvalReport): string {
  const regressions = changesOf(report, 'regressions');
  const regressed = new Set(regressions.map((r) => `${r.suite}/${r.id}`));
  const failed = report.cases.filter((c) => (!c.pass || c.error) && !regressed.has(`${c.suite}/${c.id}`));
  const fixes = changesOf(report, 'fixes');
  const flaky = flakyOf(report);
  const notes = report.suites.flatMap((s) => s.notes);
  return [
    `## ${ICON[report.decision]} evalgate: ${DECISION_LABEL[report.decision]}`,
    bullets(report.reasons, VISIBLE_ITEMS),
    runLine(report),
    suiteTable(report.suites),
    ...section(`Regressions (${regressions.length})`, foldedList(regressions.map((r) => item(`${r.suite}/${r.id}`, r.reasons)), 'regressions')),
    ...section(`Fixes (${fixes.length})`, bullets(fixes.map((f) => `${f.suite}/${f.id} — baseline failed: ${f.reasons.join('; ')}`), VISIBLE_ITEMS)),
    ...section(
      `${regressions.length > 0 ? 'Other failed' : 'Failed'} cases (${failed.length})`,
      foldedList(failed.map((c) => item(`${c.suite}/${c.id}`, failureReasons(c).map((r) => (c.error ? `error: ${r}` : r)))), 'failed cases'),
    ),
    ...section(`Flaky cases (${flaky.length})`, inline(flaky, MAX_FLAKY)),
    ...section('Notes', bullets(notes, VISIBLE_ITEMS)),
  ]
    .filter((block) => block !== '')
    .join('\n\n')
    .concat('\n');
}

function runLine(report: EvalReport): string {
  const parts = [
    `Target ${escapeMarkdown(report.target)}`,
    report.baseline === undefined ? 'no baseline' : `baseline ${escapeMarkdown(report.baseline)}`,
    report.policyFile === undefined ? 'built-in policy' : `policy ${escapeMarkdown(report.policyFile)}`,
    ...(report.judge === undefined ? [] : [`judge ${escapeMarkdown(report.judge)}`]),
    `repeat ${report.repeat}`,
    duration(report.durationMs),
    report.createdAt,
  ];
  return `<sub>${parts.join(' · ')}</sub>`;
}

function suiteTable(suites: readonly ReportSuite[]): string {
  const rows = suites.map((s) =>
    [
      escapeMarkdown(s.suite),
      String(s.cases),
      rate(s.passRate),
      rate(s.policy.minPassRate),
      String(s.errors),
      deltaWithInterval(s.comparison),
      millis(s.latency.p95),
      `${ICON[s.decision]} ${DECISION_LABEL[s.decision]}`,
    ].join(' | '),
  );
  return [
    '| Suite | Cases | Pass rate | Min | Errors | Δ vs baseline (pts, CI) | p95 latency | Decision |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

function item(label: string, reasons: readonly string[]): string {
  return `${label} — ${reasons.join('; ')}`;
}

function section(title: string, body: string): string[] {
  return body === '' ? [] : [`### ${title}`, body];
}

function bullets(items: readonly string[], max: number): string {
  const { shown, more } = capped(items, max);
  return [...shown.map((text) => `- ${escapeMarkdown(text)}`), ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n');
}

/** The first items in the open, the next in a collapsed block, the rest counted. */
function foldedList(items: readonly string[], noun: string): string {
  const { shown, more } = capped(items, MAX_ITEMS);
  const open = bullets(shown.slice(0, VISIBLE_ITEMS), VISIBLE_ITEMS);
  const folded = shown.slice(VISIBLE_ITEMS);
  if (folded.length === 0) return open;
  return [
    open,
    `<details><summary>${folded.length} more ${noun}</summary>\n\n${bullets(folded, folded.length)}\n\n</details>`,
    ...(more > 0 ? [`… and ${more} more`] : []),
  ].join('\n\n');
}

function inline(items: readonly string[], max: number): string {
  const { shown, more } = capped(items, max);
  return shown.length === 0 ? '' : `${shown.map((text) => escapeMarkdown(text)).join(', ')}${more > 0 ? `, … and ${more} more` : ''}`;
}
