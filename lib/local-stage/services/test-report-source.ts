/**
 * Unit-test reports on the local stage: `s3://bucket/key` is the file `<root>/s3/<bucket>/<key>`, read as JUnit XML.
 * As on AWS, a report that is missing or unreadable is missing test evidence: the release is refused, not failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestReportSource, TestReportTotals } from '../../../functions/ports/test-reports';
import { JUnitReportError, junitTotals } from '../../../functions/release/junit';
import { MissingTestEvidenceError } from '../../../functions/shared/errors';
import { UnsafePathError } from './errors';
import { pathInside } from './report-store';

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;

/**
 * @example
 * const reports = new LocalTestReportSource('.evalgate');
 * await reports.read('s3://ci-reports/junit/abc123.xml'); // reads .evalgate/s3/ci-reports/junit/abc123.xml
 */
export class LocalTestReportSource implements TestReportSource {
  constructor(readonly rootDir: string) {}

  async read(reference: string): Promise<TestReportTotals> {
    const s3 = S3_URI.exec(reference);
    // CodeBuild reports have no local stand-in: on the local stage, CI writes JUnit files.
    if (!s3) throw new MissingTestEvidenceError(`test report ${reference} is not an s3:// URI of a JUnit XML report (the local stage reads no CodeBuild reports)`);
    let path: string;
    try {
      path = pathInside(join(this.rootDir, 's3'), `${s3[1]}/${s3[2]}`);
    } catch (error) {
      if (error instanceof UnsafePathError) throw new MissingTestEvidenceError(`test report ${reference}: ${error.message}`, { cause: error });
      throw error;
    }
    let xml: string;
    try {
      xml = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingTestEvidenceError(`test report ${reference}: ${path} does not exist`, { cause: error });
      throw error;
    }
    try {
      return junitTotals(xml);
    } catch (error) {
      if (error instanceof JUnitReportError) throw new MissingTestEvidenceError(`test report ${reference} (${path}): ${error.message}`, { cause: error });
      throw error;
    }
  }
}
