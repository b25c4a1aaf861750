import { beforeEach, describe, expect, it } from 'vitest';
import type { TestEvidence } from '../../../functions/release/state';
import { checkUnitTests } from '../../../functions/release/unit-tests';
import { MissingTestEvidenceError } from '../../../functions/shared/errors';
import { fakeWorld, FUNCTION, releaseOf, type FakeWorld } from '../../helpers/fakes';

const S3_REPORT = 's3://ci-bucket/runs/42/junit.xml';
const CODEBUILD_REPORT = 'arn:aws:codebuild:eu-west-1:123456789012:report/unit-tests:abc';
const passing = { tests: 120, failures: 0, errors: 0, skipped: 3 };

describe('checkUnitTests', () => {
  let world: FakeWorld;

  beforeEach(() => {
    world = fakeWorld();
  });

  it.each([
    [S3_REPORT, 's3-junit'],
    [CODEBUILD_REPORT, 'codebuild'],
  ] as const)('accepts a passing report %s and records it for the code', async (reference, source) => {
    // Prepare
    world.testReports.reports.set(reference, passing);
    const release = releaseOf({ change: { source: 'codepipeline', kind: 'code', testReport: reference } });

    // Act
    const evidence = await checkUnitTests({ release }, world);

    // Assess
    expect(evidence).toEqual({ source, reference, ...passing });
    expect(await world.releaseStore.getTestEvidence(FUNCTION, 'code-6')).toEqual(evidence);
  });

  it.each([
    [{ tests: 0, failures: 0, errors: 0, skipped: 0 }, `unit tests of ${S3_REPORT} ran no tests: 0 tests, 0 failures, 0 errors`],
    [{ tests: 120, failures: 2, errors: 0, skipped: 0 }, `unit tests of ${S3_REPORT} did not pass: 120 tests, 2 failures, 0 errors`],
    [{ tests: 120, failures: 0, errors: 1, skipped: 0 }, `unit tests of ${S3_REPORT} did not pass: 120 tests, 0 failures, 1 errors`],
  ])('fails when the report says %j, and records nothing', async (totals, message) => {
    // Prepare
    world.testReports.reports.set(S3_REPORT, totals);
    const release = releaseOf({ change: { source: 'codepipeline', kind: 'code', testReport: S3_REPORT } });

    // Act
    const act = checkUnitTests({ release }, world);

    // Assess
    await expect(act).rejects.toThrow(new MissingTestEvidenceError(message));
    expect(world.releaseStore.evidence.size).toBe(0);
  });

  it('refuses a report in a bucket the pipeline may not read, naming those it may and the prop, before reading it', async () => {
    // Prepare
    world.testReports.reports.set(S3_REPORT, passing);
    const release = releaseOf({ change: { source: 'codepipeline', kind: 'code', testReport: S3_REPORT } });

    // Act
    const act = checkUnitTests({ release }, { ...world, testReportBuckets: ['evalgate-reports', 'team-ci'] });

    // Assess
    await expect(act).rejects.toBeInstanceOf(MissingTestEvidenceError);
    await expect(act).rejects.toThrow(
      "unit-test report s3://ci-bucket/runs/42/junit.xml is in bucket ci-bucket, which this pipeline may not read: put it in evalgate-reports or team-ci, or add the bucket to EvalGatedRelease's testReportBuckets",
    );
    expect(world.releaseStore.evidence.size).toBe(0);
  });

  it.each([
    ['a bucket it may read', ['ci-bucket'], S3_REPORT],
    ['a CodeBuild report, which is no bucket', ['evalgate-reports'], CODEBUILD_REPORT],
  ])('reads a report in %s', async (_, buckets, reference) => {
    world.testReports.reports.set(reference, passing);
    const release = releaseOf({ change: { source: 'codepipeline', kind: 'code', testReport: reference } });
    await expect(checkUnitTests({ release }, { ...world, testReportBuckets: buckets })).resolves.toMatchObject({ reference });
  });

  it('reuses the evidence recorded for the same code (a model-only change runs the live code)', async () => {
    // Prepare
    const recorded: TestEvidence = { source: 's3-junit', reference: S3_REPORT, ...passing };
    await world.releaseStore.recordTestEvidence(FUNCTION, 'code-5', recorded);
    const release = releaseOf({ candidateVersion: '7', codeSha256: 'code-5', change: { source: 'appconfig', kind: 'model' } });

    // Act
    const evidence = await checkUnitTests({ release }, world);

    // Assess
    expect(evidence).toEqual({ ...recorded, source: 'recorded' });
  });

  it('fails when no evidence was ever recorded for the code', async () => {
    // Prepare: evidence exists, but for other code.
    await world.releaseStore.recordTestEvidence(FUNCTION, 'code-5', { source: 's3-junit', reference: S3_REPORT, ...passing });

    // Act
    const act = checkUnitTests({ release: releaseOf() }, world);

    // Assess
    await expect(act).rejects.toThrow(new MissingTestEvidenceError('no unit-test evidence for code code-6 of version 6: pass change.testReport'));
  });

  it('fails when recorded evidence is not passing', async () => {
    // Prepare
    await world.releaseStore.recordTestEvidence(FUNCTION, 'code-6', { source: 'codebuild', reference: CODEBUILD_REPORT, tests: 5, failures: 1, errors: 0, skipped: 0 });

    // Act
    const act = checkUnitTests({ release: releaseOf() }, world);

    // Assess
    await expect(act).rejects.toThrow(`recorded unit tests of code code-6 (${CODEBUILD_REPORT}) did not pass: 5 tests, 1 failures, 0 errors`);
  });

  it('lets a report that cannot be read fail as it is (the source decides whether to retry)', async () => {
    // Act
    const act = checkUnitTests({ release: releaseOf({ change: { source: 'manual', kind: 'code', testReport: S3_REPORT } }) }, world);

    // Assess
    await expect(act).rejects.toThrow(`test report ${S3_REPORT} does not exist`);
  });
});
