/**
 * Totals of a JUnit XML report, the unit-test evidence a release needs. Test runners disagree on the details
 * (vitest and jest write `<testsuites>` with totals, surefire writes one `<testsuite>`, node:test puts top-level
 * tests right under `<testsuites>`, some nest suites and some omit the root totals), so the totals are counted from the suites themselves rather than trusted from the root.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestReportTotals } from '../ports/test-reports';

/** The text is not a JUnit XML report; the message says what was found instead. */
export class JUnitReportError extends Error {
  override readonly name = 'JUnitReportError';
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  // Counts never need entities; not expanding them keeps a hostile DOCTYPE from inflating the document.
  processEntities: false,
  isArray: (tagName) => tagName === 'testsuite' || tagName === 'testcase',
});

const ZERO: TestReportTotals = { tests: 0, failures: 0, errors: 0, skipped: 0 };

/**
 * Counts tests, failures, errors and skipped tests of a JUnit XML report.
 *
 * @example
 * junitTotals('<testsuite tests="2" failures="1"><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>');
 * // { tests: 2, failures: 1, errors: 0, skipped: 0 }
 */
export function junitTotals(xml: string): TestReportTotals {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    throw new JUnitReportError(`not well-formed XML: ${msg.replace(/\s+/g, ' ')} (${where})`);
  }
  const document = parser.parse(xml) as XmlNode;
  const roots = Object.keys(document).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const root = roots[0];
  if (roots.length !== 1 || (root !== 'testsuites' && root !== 'testsuite')) {
    throw new JUnitReportError(`not a JUnit report: the root element is <${roots.join('>, <') || 'none'}>, expected <testsuites> or <testsuite>`);
  }
  if (root === 'testsuite') return sum(asNodes(document.testsuite).map((suite) => suiteTotals(suite, 'testsuite')));
  // Counted as a suite: node:test's reporter puts top-level tests right under <testsuites>, beside any suites; a
  // root with neither is a summary-only report, whose attributes are all there is.
  return suiteTotals(asNode(document.testsuites), 'testsuites');
}

/** A suite's own test cases plus its nested suites; its attributes only when it lists neither (summary). */
function suiteTotals(suite: XmlNode, path: string): TestReportTotals {
  const name = typeof suite['@name'] === 'string' ? `${path}[@name='${suite['@name']}']` : path;
  const nested = asNodes(suite.testsuite);
  const cases = asNodes(suite.testcase);
  if (nested.length === 0 && cases.length === 0) return attributeTotals(suite, name);
  return sum([caseTotals(cases), ...nested.map((child) => suiteTotals(child, `${name}/testsuite`))]);
}

/** One outcome per test case; an error outranks a failure, which outranks a skip. */
function caseTotals(cases: readonly XmlNode[]): TestReportTotals {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const testcase of cases) {
    if ('error' in testcase) errors += 1;
    else if ('failure' in testcase) failures += 1;
    else if ('skipped' in testcase) skipped += 1;
  }
  return { tests: cases.length, failures, errors, skipped };
}

function attributeTotals(node: XmlNode, path: string): TestReportTotals {
  const count = (attribute: string): number => {
    const raw = node[`@${attribute}`];
    if (raw === undefined) return 0;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(value) || value < 0) {
      throw new JUnitReportError(`not a JUnit report: ${path} @${attribute} must be a whole number, got: ${JSON.stringify(raw)}`);
    }
    return value;
  };
  return { tests: count('tests'), failures: count('failures'), errors: count('errors'), skipped: count('skipped') };
}

function sum(totals: readonly TestReportTotals[]): TestReportTotals {
  return totals.reduce(
    (acc, t) => ({ tests: acc.tests + t.tests, failures: acc.failures + t.failures, errors: acc.errors + t.errors, skipped: acc.skipped + t.skipped }),
    ZERO,
  );
}

// `<testcase name="a"/>` parses to an object, `<testcase/>` to an empty string: both are nodes here.
function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null ? (value as XmlNode) : {};
}

function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(asNode) : [];
}
