import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../../../evals/engine/report/junit';
import type { EvalReport, ReportCase } from '../../../../evals/engine/report/model';
import { makeReport } from '../../../helpers/report-fixture';

/**
 * No XML parser is installed, so this checks what a parser would reject: every `<` opens a well-formed tag,
 * tags nest, attribute values hold no raw `<` or `"`, and every `&` starts a known entity or a reference.
 */
function expectWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  let end = 0;
  for (const match of body.matchAll(tag)) {
    expect(body.slice(end, match.index)).not.toMatch(/</);
    const [, closing, name, , selfClosing] = match;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
    end = match.index + match[0].length;
  }
  expect(body.slice(end).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(body).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/);
  expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

function attributes(xml: string, element: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<${element}\\s([^>]*?)/?>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

function testcaseOf(xml: string, name: string): string {
  const start = xml.indexOf(`name="${name}"`);
  const end = xml.indexOf('<testcase', start + 1);
  return xml.slice(start, end === -1 ? undefined : end);
}

function withCase(report: EvalReport, patch: Partial<ReportCase>): EvalReport {
  return { ...report, cases: report.cases.map((c, i) => (i === 0 ? { ...c, ...patch } : c)) };
}

describe('renderJunit', () => {
  it('renders a well-formed document', () => {
    // Act
    const xml = renderJunit(makeReport());

    // Assess
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="evalgate"')).toBe(true);
    expectWellFormed(xml);
  });

  it('counts all tests, failures and errors on <testsuites>', () => {
    const xml = renderJunit(makeReport());
    expect(attributes(xml, 'testsuites')[0]).toMatchObject({ name: 'evalgate', tests: '17', failures: '2', errors: '1', time: '48.250' });
  });

  it.each([
    ['quality', '10', '2', '1'],
    ['security', '4', '0', '0'],
    ['schema', '3', '0', '0'],
  ])('counts suite %s: %s tests, %s failures, %s errors', (suite, tests, failures, errors) => {
    const xml = renderJunit(makeReport());
    expect(attributes(xml, 'testsuite').find((s) => s.name === suite)).toMatchObject({ tests, failures, errors, skipped: '0' });
  });

  it('has one <testcase> per case, named by suite and case id, timed in seconds', () => {
    // Prepare
    const report = makeReport();

    // Act
    const cases = attributes(renderJunit(report), 'testcase');

    // Assess
    expect(cases.map((c) => [c.classname, c.name])).toEqual(report.cases.map((c) => [`evalgate.${c.suite}`, c.id]));
    expect(cases.find((c) => c.name === 'refund-window')?.time).toBe('1.420');
  });

  it('reports a failed case as an assertion failure with its output', () => {
    const testcase = testcaseOf(renderJunit(makeReport()), 'refund-window');
    expect(testcase).toContain(`<failure message="contains: output does not contain &apos;30 calendar days&apos;" type="assertion">`);
    expect(testcase).toContain('<system-out>Our refund window is 30 days. &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</system-out>');
  });

  it('lists every failed assertion in the failure text and the first one as its message', () => {
    // Prepare
    const report = withCase(makeReport(), {
      pass: false,
      assertions: [
        { type: 'contains', pass: false, score: 0, reason: 'first reason' },
        { type: 'is-json', pass: true, score: 1, reason: 'valid JSON' },
        { type: 'regex', pass: false, score: 0, reason: 'second reason' },
      ],
    });

    // Act
    const testcase = testcaseOf(renderJunit(report), report.cases[0]!.id);

    // Assess
    expect(testcase).toContain('<failure message="contains: first reason" type="assertion">contains: first reason\nregex: second reason</failure>');
  });

  it('reports an errored case as a target error without output', () => {
    const testcase = testcaseOf(renderJunit(makeReport()), 'order-status-timeout');
    expect(testcase).toContain('<error message="target timed out after 30000 ms" type="target-error">target timed out after 30000 ms</error>');
    expect(testcase).not.toContain('<system-out>');
    expect(testcase).not.toContain('<failure');
  });

  it('closes passing cases with no body', () => {
    expect(renderJunit(makeReport())).toContain('<testcase classname="evalgate.quality" name="greeting" time="1.220"/>');
  });

  it('escapes hostile ids, keeps their line breaks as references and folds a reason into a one-line message', () => {
    // Prepare
    const report = withCase(makeReport(), { id: `a"b<c>&'d\u0001\ne`, assertions: [{ type: 'contains', pass: false, score: 0, reason: 'line one\nline two' }] });

    // Act
    const xml = renderJunit(report);

    // Assess
    expect(xml).toContain('name="a&quot;b&lt;c&gt;&amp;&apos;d&#10;e"');
    expect(xml).toContain('message="contains: line one line two"');
    expectWellFormed(xml);
  });

  it.each([
    ['a & b', 'a &amp; b'],
    ['<tag attr="x">', '&lt;tag attr=&quot;x&quot;&gt;'],
    ["it's", 'it&apos;s'],
    ['nul\u0000 bell\u0007 vt\u000B', 'nul bell vt'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
    ['emoji 😀 stays', 'emoji 😀 stays'],
  ])('escapeXml(%j) is %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});
