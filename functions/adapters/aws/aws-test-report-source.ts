/**
 * Unit-test results from CI: a JUnit XML report in S3 (`s3://bucket/key`) or a CodeBuild test report (its ARN).
 * A report that is missing or unreadable is missing test evidence: the release is refused, not failed.
 */
import { BatchGetReportsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TestReportSource, TestReportTotals } from '../../ports/test-reports';
import { JUnitReportError, junitTotals } from '../../release/junit';
import { MissingTestEvidenceError, TransientReleaseError } from '../../shared/errors';
import { readObject, ReportNotFoundError } from './s3-report-store';

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;
const CODEBUILD_REPORT_ARN = /^arn:aws[a-z-]*:codebuild:[a-z0-9-]+:\d{12}:report\/.+$/;

/**
 * @example
 * const reports = new AwsTestReportSource(new S3Client({}), new CodeBuildClient({}));
 * await reports.read('s3://ci-reports/junit/abc123.xml'); // { tests: 120, failures: 0, errors: 0, skipped: 2 }
 */
export class AwsTestReportSource implements TestReportSource {
  constructor(
    private readonly s3: S3Client,
    private readonly codebuild: CodeBuildClient,
  ) {}

  async read(reference: string): Promise<TestReportTotals> {
    const s3 = S3_URI.exec(reference);
    if (s3) return this.readJUnit(reference, s3[1]!, s3[2]!);
    if (CODEBUILD_REPORT_ARN.test(reference)) return this.readCodeBuild(reference);
    throw new MissingTestEvidenceError(`test report ${reference} is neither an s3:// URI of a JUnit XML report nor a CodeBuild report ARN`);
  }

  private async readJUnit(reference: string, bucket: string, key: string): Promise<TestReportTotals> {
    try {
      return junitTotals(await readObject(this.s3, bucket, key));
    } catch (error) {
      if (error instanceof ReportNotFoundError || error instanceof JUnitReportError) {
        throw new MissingTestEvidenceError(`test report ${reference}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  private async readCodeBuild(arn: string): Promise<TestReportTotals> {
    const response = await this.codebuild.send(new BatchGetReportsCommand({ reportArns: [arn] }));
    const report = response.reports?.find((candidate) => candidate.arn === arn) ?? response.reports?.[0];
    if (!report || response.reportsNotFound?.includes(arn)) throw new MissingTestEvidenceError(`CodeBuild report ${arn} does not exist`);
    if (report.status === 'GENERATING') throw new TransientReleaseError(`CodeBuild report ${arn} is still being generated`);
    const summary = report.testSummary;
    if (!summary) throw new MissingTestEvidenceError(`CodeBuild report ${arn} has no test summary (a ${report.type ?? 'unknown'} report)`);
    const count = (status: string) => summary.statusCounts?.[status] ?? 0;
    return {
      tests: summary.total ?? 0,
      failures: count('FAILED'),
      // A test of UNKNOWN outcome is not known to pass: it counts against the evidence like an error.
      errors: count('ERROR') + count('UNKNOWN'),
      skipped: count('SKIPPED'),
    };
  }
}
