/** Reads unit-test results: a JUnit XML report in S3 (`s3://...`) or a CodeBuild report (ARN). */
export interface TestReportTotals {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface TestReportSource {
  /** Throws when the report cannot be found or read. */
  read(reference: string): Promise<TestReportTotals>;
}
