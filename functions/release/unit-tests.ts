/**
 * CheckUnitTests: no candidate takes traffic without passing unit tests for the exact code it runs. Evidence is
 * keyed by code hash, so a model-pin change (which runs the live code unchanged) reuses the evidence recorded
 * when that code was released, and a report can never vouch for code other than the candidate's.
 */
import type { ReleaseStore } from '../ports/release-store';
import type { TestReportSource, TestReportTotals } from '../ports/test-reports';
import { MissingTestEvidenceError } from '../shared/errors';
import type { Release, TestEvidence } from './state';

export interface UnitTestsEvent {
  readonly release: Release;
}

export interface UnitTestDeps {
  readonly testReports: TestReportSource;
  readonly releaseStore: ReleaseStore;
  /**
   * The buckets an `s3://` report may be in: those the task's role may read (the reports bucket and the
   * construct's `testReportBuckets`). Undefined: any (the local stage reads files).
   */
  readonly testReportBuckets?: readonly string[] | undefined;
}

/**
 * @example
 * await checkUnitTests({ release }, deps); // { source: 's3-junit', reference: 's3://ci/junit.xml', tests: 120, failures: 0, ... }
 */
export async function checkUnitTests(event: UnitTestsEvent, deps: UnitTestDeps): Promise<TestEvidence> {
  const { release } = event;
  const reference = release.change.testReport;
  if (reference === undefined) return recordedEvidence(release, deps.releaseStore);
  assertReadable(reference, deps.testReportBuckets);
  const totals = await deps.testReports.read(reference);
  assertPassing(totals, `unit tests of ${reference}`);
  const evidence: TestEvidence = { source: reference.startsWith('s3://') ? 's3-junit' : 'codebuild', reference, ...pick(totals) };
  await deps.releaseStore.recordTestEvidence(release.functionName, release.codeSha256, evidence);
  return evidence;
}

/**
 * A report in a bucket the role cannot read would fail as AccessDenied, which says nothing of the fix: refused
 * here, naming the buckets allowed and the prop that allows more.
 *
 * @example
 * assertReadable('s3://other/junit.xml', ['reports']); // throws MissingTestEvidenceError: ... bucket other ...
 */
function assertReadable(reference: string, buckets: readonly string[] | undefined): void {
  const bucket = /^s3:\/\/([^/]+)\//.exec(reference)?.[1];
  if (bucket === undefined || buckets === undefined || buckets.includes(bucket)) return;
  throw new MissingTestEvidenceError(
    `unit-test report ${reference} is in bucket ${bucket}, which this pipeline may not read: put it in ${buckets.join(' or ')}, or add the bucket to EvalGatedRelease's testReportBuckets`,
  );
}

async function recordedEvidence(release: Release, store: ReleaseStore): Promise<TestEvidence> {
  const recorded = await store.getTestEvidence(release.functionName, release.codeSha256);
  if (recorded === undefined) {
    throw new MissingTestEvidenceError(
      `no unit-test evidence for code ${release.codeSha256} of version ${release.candidateVersion}: pass change.testReport`,
    );
  }
  // Only passing evidence is recorded, but a store written by an older evalgate is not trusted blindly.
  assertPassing(recorded, `recorded unit tests of code ${release.codeSha256} (${recorded.reference})`);
  return { ...recorded, source: 'recorded' };
}

/**
 * @example
 * assertPassing({ tests: 10, failures: 1, errors: 0, skipped: 0 }, 'unit tests of s3://ci/junit.xml');
 * // throws MissingTestEvidenceError: unit tests of s3://ci/junit.xml did not pass: 10 tests, 1 failures, 0 errors
 */
export function assertPassing(totals: TestReportTotals, what: string): void {
  const figures = `${totals.tests} tests, ${totals.failures} failures, ${totals.errors} errors`;
  if (totals.tests <= 0) throw new MissingTestEvidenceError(`${what} ran no tests: ${figures}`);
  if (totals.failures > 0 || totals.errors > 0) throw new MissingTestEvidenceError(`${what} did not pass: ${figures}`);
}

const pick = ({ tests, failures, errors, skipped }: TestReportTotals): TestReportTotals => ({ tests, failures, errors, skipped });
