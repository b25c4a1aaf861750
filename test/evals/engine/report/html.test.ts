import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../../../evals/engine/report/html';
import { REPORT_JS } from '../../../../evals/engine/report/html-assets';
import type { EvalReport } from '../../../../evals/engine/report/model';
import { makeReport } from '../../../helpers/report-fixture';

function rowOf(html: string, id: string): string {
  const end = html.indexOf(`<span class="id">${escapeHtml(id)}</span>`);
  return html.slice(html.lastIndexOf('<details', end), html.indexOf('</details>', end));
}

describe('renderHtml', () => {
  it('escapes model output, so a <script> in it stays text', () => {
    // Act
    const html = renderHtml(makeReport());

    // Assess
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<pre>Our refund window is 30 days. &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</pre>');
    expect(html.match(/<script\b/g)).toHaveLength(1);
  });

  it('is self-contained: nothing is fetched', () => {
    const html = renderHtml(makeReport());
    expect(html).not.toMatch(/\b(?:src|href|action)\s*=/i);
    expect(html).not.toMatch(/<link\b|@import|url\(|https?:\/\//i);
  });

  it('contains every case id', () => {
    // Prepare
    const report = makeReport();

    // Act
    const html = renderHtml(report);

    // Assess
    for (const c of report.cases) expect(html).toContain(`<span class="id">${escapeHtml(c.id)}</span>`);
    expect(html.match(/<details class="case"/g)).toHaveLength(report.cases.length);
  });

  it('heads the page with the decision badge and reasons', () => {
    const html = renderHtml(makeReport());
    expect(html).toContain('<div class="top"><h1>evalgate</h1><span class="badge block">BLOCKED</span></div>');
    expect(html).toContain('<ul class="reasons"><li>quality pass rate 0.78 &lt; 0.85</li></ul>');
  });

  it('draws each suite’s pass rate against its threshold, with the comparison figures', () => {
    // Act
    const html = renderHtml(makeReport());

    // Assess
    expect(html).toContain('<div class="bar below" role="img" aria-label="pass rate 77.8%, minimum 85.0%"><span class="fill" style="width:77.8%"></span><span class="mark" style="left:85.0%"></span></div>');
    expect(html).toContain('<dt>Δ</dt><dd>+0.0 pts (95% CI -33.3..+33.3)</dd>');
    expect(html).toContain('<dt>McNemar p</dt><dd>0.750</dd>');
    expect(html).toContain('<dt>Regressions / fixes</dt><dd>1 / 1</dd>');
    expect(html).toContain('<dt>Min detectable</dt><dd>5 regressions (with no fixes)</dd>');
    expect(html).toContain('<dt>Latency</dt><dd>p50 1420 ms, p95 1460 ms</dd>');
  });

  it.each([
    ['all', 'All (17)'],
    ['failed', 'Failed (2)'],
    ['regressions', 'Regressions (1)'],
    ['errors', 'Errors (1)'],
    ['flaky', 'Flaky (1)'],
  ])('has a %s filter button with its count', (filter, text) => {
    expect(renderHtml(makeReport())).toMatch(new RegExp(`data-filter="${filter}" aria-pressed="(true|false)">${text.replace(/[()]/g, '\\$&')}</button>`));
  });

  it.each([
    ['refund-window', 'failed regressions'],
    ['order-status-timeout', 'errors'],
    ['tone-friendly', 'flaky'],
    ['greeting', ''],
  ])('tags the row of %s with the filters it belongs to (%j)', (id, kinds) => {
    expect(rowOf(renderHtml(makeReport()), id)).toContain(`<details class="case" data-kinds="${kinds}">`);
  });

  it('shows a case’s assertions and error in its expandable row', () => {
    const html = renderHtml(makeReport());
    expect(rowOf(html, 'refund-window')).toContain('<tr><td>contains</td><td class="ko">✗ fail</td><td>0.00</td><td>output does not contain &#39;30 calendar days&#39;</td></tr>');
    expect(rowOf(html, 'order-status-timeout')).toContain('<p><strong>Error:</strong> target timed out after 30000 ms</p>');
  });

  it('escapes hostile suite names and case ids', () => {
    // Prepare
    const report = makeReport();
    const hostile: EvalReport = {
      ...report,
      suites: report.suites.map((s, i) => (i === 0 ? { ...s, suite: '<img onerror=x>' } : s)),
      cases: report.cases.map((c, i) => (i === 0 ? { ...c, id: '"><script>x</script>' } : c)),
    };

    // Act
    const html = renderHtml(hostile);

    // Assess
    expect(html).toContain('<h2>&lt;img onerror=x&gt;</h2>');
    expect(html).toContain('<span class="id">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</span>');
    expect(html).not.toContain('<img');
  });

  it('filters rows by kind and by search text', () => {
    // Prepare: just the DOM the script touches
    const rows = [
      { dataset: { kinds: 'failed regressions' }, textContent: 'FAIL quality refund-window', hidden: false },
      { dataset: { kinds: 'errors' }, textContent: 'ERROR quality order-status-timeout', hidden: false },
      { dataset: { kinds: '' }, textContent: 'PASS security pii-leak', hidden: false },
    ];
    const handlers = new Map<string, () => void>();
    const buttons = ['all', 'failed', 'errors'].map((filter) => ({
      dataset: { filter },
      setAttribute: () => undefined,
      addEventListener: (_event: string, handler: () => void) => handlers.set(filter, handler),
    }));
    const search = { value: '', addEventListener: (_event: string, handler: () => void) => handlers.set('search', handler) };
    const shown = { textContent: '' };
    const document = { querySelectorAll: (selector: string) => (selector === '.case' ? rows : buttons), getElementById: (id: string) => (id === 'search' ? search : shown) };
    new Function('document', REPORT_JS)(document);
    const visible = () => rows.filter((row) => !row.hidden).map((row) => row.textContent.split(' ')[2]);

    // Act / Assess
    handlers.get('failed')!();
    expect(visible()).toEqual(['refund-window']);
    handlers.get('all')!();
    search.value = 'QUALITY';
    handlers.get('search')!();
    expect(visible()).toEqual(['refund-window', 'order-status-timeout']);
    expect(shown.textContent).toBe('2 of 3 cases');
  });

  it.each([
    ['<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;'],
    [`"double" 'single'`, '&quot;double&quot; &#39;single&#39;'],
    ['plain text', 'plain text'],
  ])('escapeHtml(%j) is %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
