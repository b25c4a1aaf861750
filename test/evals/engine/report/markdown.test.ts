import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../../../evals/engine/report/markdown';
import type { EvalReport } from '../../../../evals/engine/report/model';
import { makeLargeReport, makeReport } from '../../../helpers/report-fixture';

/** The fixture as a run without a baseline: no comparison, no regression or fix. */
function withoutBaseline(report: EvalReport): EvalReport {
  const { baseline: _baseline, ...rest } = report;
  return {
    ...rest,
    suites: report.suites.map(({ comparison: _comparison, ...suite }) => suite),
    cases: report.cases.map(({ baseline: _b, change: _c, ...c }) => c),
  };
}

const tableRows = (md: string) => md.split('\n').filter((line) => line.startsWith('| '));

describe('renderMarkdown', () => {
  it.each([
    ['pass', '## ✅ evalgate: PASS'],
    ['block', '## ⛔ evalgate: BLOCKED'],
    ['inconclusive', '## ⚠️ evalgate: INCONCLUSIVE'],
  ] as const)('heads a %s report with %s', (decision, heading) => {
    expect(renderMarkdown(makeReport({ decision })).split('\n')[0]).toBe(heading);
  });

  it('lists the reasons of the decision', () => {
    expect(renderMarkdown(makeReport())).toContain('## ⛔ evalgate: BLOCKED\n\n- quality pass rate 0.78 &lt; 0.85\n');
  });

  it.each([
    ['quality', '| quality | 10 | 0.78 | 0.85 | 1 | +0.0 pts (95% CI -33.3..+33.3) | 1460 ms | ⛔ BLOCKED |'],
    ['security', '| security | 4 | 1.00 | 1.00 | 0 | +0.0 pts (95% CI +0.0..+0.0) | 1620 ms | ✅ PASS |'],
    ['schema', '| schema | 3 | 1.00 | 1.00 | 0 | +0.0 pts (95% CI +0.0..+0.0) | 420 ms | ✅ PASS |'],
  ])('has a table row for suite %s', (_suite, row) => {
    expect(tableRows(renderMarkdown(makeReport()))).toContain(row);
  });

  it('lists regressions and fixes by suite/id with the losing side’s reasons', () => {
    // Act
    const md = renderMarkdown(makeReport());

    // Assess
    expect(md).toContain("### Regressions (1)\n\n- quality/refund-window — contains: output does not contain '30 calendar days'");
    expect(md).toContain("### Fixes (1)\n\n- quality/shipping-eu — baseline failed: contains: output does not contain 'EU'");
  });

  it('lists the other failed and errored cases, flaky cases and notes', () => {
    const md = renderMarkdown(makeReport());
    expect(md).toContain('### Other failed cases (2)');
    expect(md).toContain('- quality/order-status-timeout — error: target timed out after 30000 ms');
    expect(md).toContain('### Flaky cases (1)\n\nquality/tone-friendly');
    expect(md).toContain('### Notes\n\n- quality: 1 flaky case(s): tone-friendly');
  });

  it('escapes pipes in reasons and table cells', () => {
    // Prepare
    const report = makeReport();
    const piped = { ...report, suites: report.suites.map((s, i) => (i === 0 ? { ...s, suite: 'qa|ality' } : s)) };

    // Act
    const md = renderMarkdown(piped);

    // Assess
    expect(md).toContain('quality/returns-regex — contains: output does not match /refund\\|return/');
    expect(tableRows(md)).toContain('| qa\\|ality | 10 | 0.78 | 0.85 | 1 | +0.0 pts (95% CI -33.3..+33.3) | 1460 ms | ⛔ BLOCKED |');
    for (const row of tableRows(md)) expect(row.match(/(?<!\\)\|/g)).toHaveLength(9);
  });

  it('shows no baseline figures or regressions for a run without a baseline', () => {
    // Act
    const md = renderMarkdown(withoutBaseline(makeReport()));

    // Assess
    expect(md).not.toContain('### Regressions');
    expect(md).toContain('### Failed cases (3)');
    expect(md).toContain('no baseline');
    expect(tableRows(md)).toContain('| quality | 10 | 0.78 | 0.85 | 1 | – | 1460 ms | ⛔ BLOCKED |');
  });

  it('stays under 60 KB for thousands of failures, folding and counting what it leaves out', () => {
    // Prepare
    const report = makeLargeReport(4000);

    // Act
    const md = renderMarkdown(report);

    // Assess
    expect(Buffer.byteLength(md)).toBeLessThan(60_000);
    expect(md).toContain('### Regressions (2000)');
    expect(md).toContain('<details><summary>40 more regressions</summary>');
    expect(md).toContain('… and 1940 more');
    const regressions = md.slice(md.indexOf('### Regressions'), md.indexOf('<details>'));
    expect(regressions.match(/^- quality\/case-/gm)).toHaveLength(20);
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['<script>alert(1)</script> & co', '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co'],
    ['**bold** _it_ `code` [link](x)', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](x)'],
    ['line one\n\nline two', 'line one line two'],
    ['x'.repeat(300), `${'x'.repeat(239)}…`],
  ])('escapeMarkdown(%j) is %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
