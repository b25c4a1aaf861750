/**
 * JUnit XML for CI test viewers (CodeBuild test reports, GitHub and GitLab JUnit views): one testsuite per eval
 * suite, one testcase per eval case. A failed case is a `failure`, a case the target could not answer an
 * `error`, which is how those viewers already tell "the code is wrong" from "the run broke".
 */
import { DECISION_LABEL, failureReasons, oneLine, rate, seconds } from './format';
import type { EvalReport, ReportCase, ReportSuite } from './model';

/** XML 1.0 forbids most C0 controls, U+FFFE/U+FFFF and unpaired surrogates even as character references. */
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** Parsers normalise raw newlines in attributes to spaces, so a message keeps its line breaks only as references. */
function attr(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * @example
 * writeFileSync('junit.xml', renderJunit(report)); // <testsuites name="evalgate" tests="42" failures="3" ...>
 */
export function renderJunit(report: EvalReport): string {
  const totals = report.suites.reduce((t, s) => ({ tests: t.tests + s.cases, failures: t.failures + s.failed, errors: t.errors + s.errors }), { tests: 0, failures: 0, errors: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="evalgate" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${seconds(report.durationMs)}" timestamp="${attr(report.createdAt)}">`,
    ...report.suites.map((suite) => testsuite(suite, report)),
    '</testsuites>',
    '',
  ].join('\n');
}

function testsuite(suite: ReportSuite, report: EvalReport): string {
  const cases = report.cases.filter((c) => c.suite === suite.suite);
  // Cases run concurrently and suites share the run, so a suite's time is its cases' latency, not wall time.
  const time = cases.reduce((sum, c) => sum + c.latencyMs, 0);
  const properties: ReadonlyArray<readonly [string, string]> = [
    ['decision', DECISION_LABEL[suite.decision]],
    ['passRate', rate(suite.passRate)],
    ['minPassRate', rate(suite.policy.minPassRate)],
    ['target', report.target],
    ...(report.baseline === undefined ? [] : [['baseline', report.baseline] as const]),
  ];
  return [
    `  <testsuite name="${attr(suite.suite)}" tests="${suite.cases}" failures="${suite.failed}" errors="${suite.errors}" skipped="0" time="${seconds(time)}" timestamp="${attr(report.createdAt)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...cases.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

function testcase(c: ReportCase): string {
  const open = `    <testcase classname="evalgate.${attr(c.suite)}" name="${attr(c.id)}" time="${seconds(c.latencyMs)}"`;
  if (c.pass && !c.error) return `${open}/>`;
  const reasons = failureReasons(c);
  const message = attr(oneLine(reasons[0]!, 500));
  const body = escapeXml(reasons.join('\n'));
  const outcome = c.error
    ? `      <error message="${message}" type="target-error">${body}</error>`
    : `      <failure message="${message}" type="assertion">${body}</failure>`;
  const output = !c.error && c.output !== undefined ? [`      <system-out>${escapeXml(c.output)}</system-out>`] : [];
  return [`${open}>`, outcome, ...output, '    </testcase>'].join('\n');
}
