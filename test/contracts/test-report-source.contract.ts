/**
 * What every TestReportSource does (functions/ports/test-reports.ts) with the JUnit reports CI leaves in S3: run by
 * test-report-source.test.ts against the fake, the local stage's folder and the AWS source over s3rver. The AWS
 * source over an implementation of the S3 API is the reference for s3:// reports; CodeBuild reports have no
 * implementation at hand and are left to the AWS source's unit tests. A report that cannot be had is missing test
 * evidence (the release is refused, not failed), whatever the reason.
 */
import { describe, expect, it } from 'vitest';
import type { TestReportSource, TestReportTotals } from '../../functions/ports/test-reports';

export interface TestReportSourceSubject {
  readonly source: TestReportSource;
  /** The s3:// URI of `key` in the CI reports bucket. */
  uri(key: string): string;
  /** CI leaves a JUnit report with these totals at `key`. */
  writeReport(key: string, totals: TestReportTotals): Promise<void>;
  /** CI leaves `text` at `key`; absent where reports are totals only (the fake). */
  writeText?(key: string, text: string): Promise<void>;
}

/** A source over an empty CI reports bucket. */
export type TestReportSourceFactory = () => TestReportSourceSubject | Promise<TestReportSourceSubject>;

/** A summary-only JUnit report: totals on the root, as some runners write. */
export const junitSummary = ({ tests, failures, errors, skipped }: TestReportTotals): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="unit" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"/>\n`;

const missingEvidence = (reference: string) => ({ name: 'MissingTestEvidenceError', message: expect.stringContaining(reference) });

/**
 * @example
 * testReportSourceContract('FakeTestReportSource', () => ({ source, uri: (key) => `s3://ci-reports/${key}`, writeReport: ... }));
 */
export function testReportSourceContract(name: string, create: TestReportSourceFactory): void {
  describe(`TestReportSource contract: ${name}`, () => {
    it('reads the totals of a JUnit report', async () => {
      const subject = await create();
      const totals = { tests: 120, failures: 1, errors: 0, skipped: 2 };

      await subject.writeReport('junit/abc123.xml', totals);

      expect(await subject.source.read(subject.uri('junit/abc123.xml'))).toEqual(totals);
    });

    it('reads the report CI wrote last at a key', async () => {
      const subject = await create();
      await subject.writeReport('junit/latest.xml', { tests: 3, failures: 3, errors: 0, skipped: 0 });

      await subject.writeReport('junit/latest.xml', { tests: 3, failures: 0, errors: 0, skipped: 0 });

      expect(await subject.source.read(subject.uri('junit/latest.xml'))).toEqual({ tests: 3, failures: 0, errors: 0, skipped: 0 });
    });

    it('has no evidence where no report is, naming the reference', async () => {
      const subject = await create();
      await subject.writeReport('junit/abc123.xml', { tests: 1, failures: 0, errors: 0, skipped: 0 });

      await expect(subject.source.read(subject.uri('junit/def456.xml'))).rejects.toMatchObject(missingEvidence(subject.uri('junit/def456.xml')));
    });

    it.each([['junit.xml'], ['https://ci.example.com/junit.xml'], ['s3://ci-reports']])('has no evidence from %s, neither an s3:// URI nor a CodeBuild report ARN', async (reference) => {
      const { source } = await create();

      await expect(source.read(reference)).rejects.toMatchObject(missingEvidence(reference));
    });

    it('has no evidence from a report that is not JUnit XML', async (context) => {
      const subject = await create();
      if (!subject.writeText) return context.skip();
      await subject.writeText('junit/index.html', '<html><body>build 123</body></html>');

      await expect(subject.source.read(subject.uri('junit/index.html'))).rejects.toMatchObject(missingEvidence(subject.uri('junit/index.html')));
    });

    it('counts the test cases of a report that lists them', async (context) => {
      const subject = await create();
      if (!subject.writeText) return context.skip();
      await subject.writeText('junit/cases.xml', '<testsuites><testsuite name="a"><testcase name="ok"/><testcase name="bad"><failure/></testcase><testcase name="later"><skipped/></testcase></testsuite></testsuites>');

      expect(await subject.source.read(subject.uri('junit/cases.xml'))).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 1 });
    });
  });
}
