/**
 * report.html: one self-contained page to look at a run instead of reading report.json. Every piece of text
 * from the report (ids, reasons, model outputs) goes through `escapeHtml`; outputs are model text and can hold
 * markup or script.
 */
import type { Decision } from '../gate';
import type { Comparison } from '../summary';
import { DASH, DECISION_LABEL, deltaWithInterval, duration, millis, percent, rate, relative, usd } from './format';
import { REPORT_CSS, REPORT_JS } from './html-assets';
import type { EvalReport, ReportCase, ReportSuite } from './model';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

const FILTERS = [
  ['all', 'All'],
  ['failed', 'Failed'],
  ['regressions', 'Regressions'],
  ['errors', 'Errors'],
  ['flaky', 'Flaky'],
] as const;

type Kind = Exclude<(typeof FILTERS)[number][0], 'all'>;

/**
 * @example
 * writeFileSync('report.html', renderHtml(report)); // open it in a browser, no server needed
 */
export function renderHtml(report: EvalReport): string {
  const label = DECISION_LABEL[report.decision];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>evalgate ${label}: ${escapeHtml(report.target)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div class="page">
${header(report)}
<section class="suites" aria-label="Suites">
${report.suites.map(suiteCard).join('\n')}
</section>
${caseTable(report.cases)}
<footer>evalgate report, schema ${report.schemaVersion}, created ${escapeHtml(report.createdAt)}</footer>
</div>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}

function badge(decision: Decision): string {
  return `<span class="badge ${decision}">${DECISION_LABEL[decision]}</span>`;
}

function list(items: readonly string[], className: string): string {
  return items.length === 0 ? '' : `<ul class="${className}">${items.map((text) => `<li>${escapeHtml(text)}</li>`).join('')}</ul>`;
}

function definitions(pairs: ReadonlyArray<readonly [string, string]>, className: string): string {
  return `<dl class="${className}">${pairs.map(([term, value]) => `<div><dt>${term}</dt><dd>${escapeHtml(value)}</dd></div>`).join('')}</dl>`;
}

function header(report: EvalReport): string {
  const meta: Array<readonly [string, string]> = [
    ['Target', report.target],
    ['Baseline', report.baseline ?? 'none'],
    ['Policy', report.policyFile ?? 'built-in'],
    ...(report.judge === undefined ? [] : [['Judge', report.judge] as const]),
    ['Repeat', String(report.repeat)],
    ['Duration', duration(report.durationMs)],
    ['Created', report.createdAt],
  ];
  return `<header>
<div class="top"><h1>evalgate</h1>${badge(report.decision)}</div>
${definitions(meta, 'meta')}
${list(report.reasons, 'reasons')}
</header>`;
}

function suiteCard(s: ReportSuite): string {
  const min = s.policy.minPassRate;
  const figures: Array<readonly [string, string]> = [
    ['Cases', `${s.cases}: ${s.passed} passed, ${s.failed} failed, ${s.errors} errored`],
    ['Errors', `${percent(s.errorRate)} (max ${percent(s.policy.maxErrorRate)})`],
    ['Latency', `p50 ${millis(s.latency.p50)}, p95 ${millis(s.latency.p95)}`],
    ['Cost', `${usd(s.meanCostUsd)} per case, ${usd(s.totalCostUsd)} in all`],
  ];
  return `<article class="card ${s.decision}">
<div class="card-head"><h2>${escapeHtml(s.suite)}</h2>${badge(s.decision)}</div>
<div class="rate"><strong>${percent(s.passRate)}</strong>pass rate, min ${percent(min)}</div>
<div class="bar${s.passRate < min ? ' below' : ''}" role="img" aria-label="pass rate ${percent(s.passRate)}, minimum ${percent(min)}"><span class="fill" style="width:${(s.passRate * 100).toFixed(1)}%"></span><span class="mark" style="left:${(min * 100).toFixed(1)}%"></span></div>
${definitions(figures, 'figures')}
${s.comparison && s.comparison.paired > 0 ? comparisonFigures(s.comparison, s) : ''}
${list(s.reasons, 'reasons')}
${list(s.notes, 'notes')}
</article>`;
}

function comparisonFigures(c: Comparison, s: ReportSuite): string {
  const figures: Array<readonly [string, string]> = [
    ['Pass rate', `${rate(c.baselinePassRate)} → ${rate(c.candidatePassRate)} over ${c.paired} paired cases`],
    ['Δ', deltaWithInterval(c)],
    ['McNemar p', c.pValue.toFixed(3)],
    ['Regressions / fixes', `${c.regressions.length} / ${c.fixes.length}`],
    ['Min detectable', c.minDetectableRegressions === undefined ? `no regression count is significant with ${c.paired} pairs` : `${c.minDetectableRegressions} regressions (with no fixes)`],
    ['p95 latency', `${millis(s.latency.p95)} vs ${millis(c.baselineLatency.p95)}${c.p95LatencyChange === undefined ? '' : ` (${relative(c.p95LatencyChange)})`}`],
    ...(c.costChange === undefined ? [] : [['Cost per case', `${usd(s.meanCostUsd)} vs ${usd(c.baselineMeanCostUsd)} (${relative(c.costChange)})`] as const]),
  ];
  return `<h3>Against the baseline</h3>\n${definitions(figures, 'figures')}`;
}

function kindsOf(c: ReportCase): Kind[] {
  return [
    ...(!c.pass && !c.error ? ['failed' as const] : []),
    ...(c.change === 'regression' ? ['regressions' as const] : []),
    ...(c.error ? ['errors' as const] : []),
    ...(c.flaky ? ['flaky' as const] : []),
  ];
}

function caseTable(cases: readonly ReportCase[]): string {
  const kinds = cases.map(kindsOf);
  const count = (filter: (typeof FILTERS)[number][0]) => (filter === 'all' ? cases.length : kinds.filter((k) => k.includes(filter)).length);
  const buttons = FILTERS.map(([filter, text]) => `<button type="button" data-filter="${filter}" aria-pressed="${filter === 'all'}">${text} (${count(filter)})</button>`);
  return `<section aria-label="Cases">
<h2>Cases</h2>
<div class="toolbar">${buttons.join('')}<input id="search" type="search" placeholder="Search ids, tags, reasons, outputs" aria-label="Search cases"><span id="shown">${cases.length} cases</span></div>
<div class="cases">
<div class="row head"><span>Status</span><span>Suite</span><span>Case</span><span class="num">Score</span><span class="num">Latency</span><span>Baseline</span></div>
${cases.map((c, i) => caseRow(c, kinds[i]!)).join('\n')}
</div>
</section>`;
}

function caseRow(c: ReportCase, kinds: readonly Kind[]): string {
  const status = c.error ? ['error', 'ERROR'] : c.pass ? ['pass', 'PASS'] : ['fail', 'FAIL'];
  const baseline = c.baseline === undefined ? DASH : c.baseline.error ? 'error' : c.baseline.pass ? 'pass' : 'fail';
  const chips = [...(c.change ? [c.change] : []), ...(c.flaky ? ['flaky'] : [])].map((chip) => `<span class="chip ${chip}">${chip}</span>`).join('');
  return `<details class="case" data-kinds="${kinds.join(' ')}">
<summary class="row"><span class="status ${status[0]}">${status[1]}</span><span>${escapeHtml(c.suite)}</span><span class="id">${escapeHtml(c.id)}</span><span class="num">${rate(c.score)}</span><span class="num">${millis(c.latencyMs)}</span><span>${baseline} ${chips}</span></summary>
<div class="detail">${caseDetail(c)}</div>
</details>`;
}

function caseDetail(c: ReportCase): string {
  const facts = [
    `tags: ${c.tags.length === 0 ? 'none' : c.tags.join(', ')}`,
    `${c.runs} run(s)`,
    ...(c.costUsd === undefined ? [] : [`cost ${usd(c.costUsd)}`]),
    ...(c.baseline === undefined ? [] : [`baseline score ${rate(c.baseline.score)}`]),
  ];
  const error = c.errorMessage === undefined ? '' : `<p><strong>Error:</strong> ${escapeHtml(c.errorMessage)}</p>`;
  const assertions =
    c.assertions.length === 0
      ? ''
      : `<table><thead><tr><th>Assertion</th><th>Pass</th><th>Score</th><th>Reason</th></tr></thead><tbody>${c.assertions
          .map((a) => `<tr><td>${escapeHtml(a.type)}</td><td class="${a.pass ? 'ok' : 'ko'}">${a.pass ? '✓ pass' : '✗ fail'}</td><td>${rate(a.score)}</td><td>${escapeHtml(a.reason)}</td></tr>`)
          .join('')}</tbody></table>`;
  const output = c.output === undefined ? '' : `<pre>${escapeHtml(c.output)}</pre>`;
  return `<p>${escapeHtml(facts.join(' · '))}</p>${error}${assertions}${output}`;
}
