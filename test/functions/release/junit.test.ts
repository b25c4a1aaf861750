import { describe, expect, it } from 'vitest';
import { JUnitReportError, junitTotals } from '../../../functions/release/junit';

const VITEST = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="4" failures="1" errors="0" time="0.5">
  <testsuite name="test/a.test.ts" tests="2" failures="1" errors="0" skipped="0" time="0.1">
    <testcase classname="a" name="passes" time="0.01"/>
    <testcase classname="a" name="fails" time="0.01"><failure message="expected 1 to be 2" type="AssertionError">stack</failure></testcase>
  </testsuite>
  <testsuite name="test/b.test.ts" tests="2" failures="0" errors="0" skipped="1" time="0.1">
    <testcase classname="b" name="passes"/>
    <testcase classname="b" name="todo"><skipped/></testcase>
  </testsuite>
</testsuites>`;

describe('junitTotals', () => {
  it.each([
    ['a vitest report with root totals', VITEST, { tests: 4, failures: 1, errors: 0, skipped: 1 }],
    [
      'a <testsuites> root without totals',
      '<testsuites><testsuite name="s"><testcase name="a"/><testcase name="b"><error message="boom"/></testcase></testsuite></testsuites>',
      { tests: 2, failures: 0, errors: 1, skipped: 0 },
    ],
    [
      'a single <testsuite> root (surefire)',
      '<testsuite name="s" tests="3" failures="0" errors="0" skipped="0"><testcase name="a"/><testcase name="b"/><testcase name="c"/></testsuite>',
      { tests: 3, failures: 0, errors: 0, skipped: 0 },
    ],
    [
      'nested suites, whose aggregate attributes are not counted twice',
      '<testsuites tests="3"><testsuite name="outer" tests="3" failures="1"><testcase name="own"/><testsuite name="inner" tests="2" failures="1"><testcase name="x"/><testcase name="y"><failure/></testcase></testsuite></testsuite></testsuites>',
      { tests: 3, failures: 1, errors: 0, skipped: 0 },
    ],
    [
      'summary-only suites (attributes, no test cases)',
      '<testsuites><testsuite name="s" tests="10" failures="2" errors="1" skipped="3"/><testsuite name="t" tests="5"/></testsuites>',
      { tests: 15, failures: 2, errors: 1, skipped: 3 },
    ],
    [
      "node:test's reporter: top-level tests right under <testsuites>, beside a suite",
      '<testsuites><testcase name="a" time="0.1"/><testcase name="b"><failure type="testCodeFailure" message="x"/></testcase><testsuite name="s"><testcase name="c"/></testsuite></testsuites>',
      { tests: 3, failures: 1, errors: 0, skipped: 0 },
    ],
    ['a summary-only root', '<testsuites tests="7" failures="1"/>', { tests: 7, failures: 1, errors: 0, skipped: 0 }],
    ['an empty report', '<testsuites/>', { tests: 0, failures: 0, errors: 0, skipped: 0 }],
    [
      'a test case with both an error and a failure, counted once as an error',
      '<testsuite><testcase name="a"><failure/><error/></testcase><testcase/></testsuite>',
      { tests: 2, failures: 0, errors: 1, skipped: 0 },
    ],
  ])('counts %s', (_name, xml, expected) => {
    // Act
    const totals = junitTotals(xml);

    // Assess
    expect(totals).toEqual(expected);
  });

  it.each([
    ['not XML at all', 'hello world', "not well-formed XML: char 'h' is not expected. (line 1, column 1)"],
    ['unclosed elements', '<testsuites><testsuite>', /^not well-formed XML: .*\(line \d+, column \d+\)$/],
    ['another XML document', '<project><build/></project>', 'not a JUnit report: the root element is <project>, expected <testsuites> or <testsuite>'],
    ['an empty document', '', 'not well-formed XML: Start tag expected. (line 1)'],
    ['two root elements', '<a/><b/>', 'not a JUnit report: the root element is <a>, <b>, expected <testsuites> or <testsuite>'],
    ['a non-numeric count', '<testsuite name="s" tests="many"/>', `not a JUnit report: testsuite[@name='s'] @tests must be a whole number, got: "many"`],
    ['a negative count', '<testsuites failures="-1"/>', 'not a JUnit report: testsuites @failures must be a whole number, got: "-1"'],
  ])('fails when the input is %s', (_name, xml, message) => {
    // Act
    const read = () => junitTotals(xml);

    // Assess
    expect(read).toThrow(JUnitReportError);
    expect(read).toThrow(message);
  });
});
