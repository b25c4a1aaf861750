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
}

/**
 * @example
 * await checkUnitTests({ release }, deps); // { source: 's3-junit', reference: 's3://ci/junit.xml', tests: 120, failures: 0, ... }
 */
export async function checkUnitTests(event: UnitTestsEvent, deps: UnitTestDeps): Promise<TestEvidence> {
  const { release } = event;
  const reference = release.change.testReport;
  if (reference === undefined) return recordedEvidence(release, deps.releaseStore);
  const totals = await deps.testReports.read(reference);
  assertPassing(totals, `unit tests of ${reference}`);
  const evidence: TestEvidence = { source: reference.startsWith('s3://') ? 's3-junit' : 'codebuild', reference, ...pick(totals) };
  await deps.releaseStore.recordTestEvidence(release.functionName, release.codeSha256, evidence);
  return evidence;
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
