import { BatchGetReportsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsTestReportSource } from '../../../../functions/adapters/aws/aws-test-report-source';

const s3 = mockSdkClient(S3Client);
const codebuild = mockSdkClient(CodeBuildClient);
const source = () => new AwsTestReportSource(new S3Client({}), new CodeBuildClient({}));
const body = (text: string) => ({ Body: { transformToString: async () => text } as never });
const ARN = 'arn:aws:codebuild:eu-west-1:123456789012:report/unit-tests:4f0c-9a';

describe('AwsTestReportSource with a JUnit report in S3', () => {
  beforeEach(() => s3.reset());

  it('counts the report at the URI', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves(body('<testsuite tests="2" failures="1"><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>'));

    // Act
    const totals = await source().read('s3://ci-reports/junit/abc/unit.xml');

    // Assess
    expect(totals).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'ci-reports', Key: 'junit/abc/unit.xml' });
  });

  it('fails with missing evidence when the report does not exist', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ $metadata: {}, message: 'nope' }));
    await expect(source().read('s3://ci-reports/unit.xml')).rejects.toMatchObject({
      name: 'MissingTestEvidenceError',
      message: 'test report s3://ci-reports/unit.xml: s3://ci-reports/unit.xml does not exist',
    });
  });

  it('fails with missing evidence when the object is not a JUnit report', async () => {
    s3.on(GetObjectCommand).resolves(body('<coverage line-rate="0.9"/>'));
    await expect(source().read('s3://ci-reports/unit.xml')).rejects.toMatchObject({
      name: 'MissingTestEvidenceError',
      message: 'test report s3://ci-reports/unit.xml: not a JUnit report: the root element is <coverage>, expected <testsuites> or <testsuite>',
    });
  });
});

describe('AwsTestReportSource with a CodeBuild report', () => {
  beforeEach(() => codebuild.reset());

  it('maps the test summary to totals', async () => {
    // Prepare
    codebuild.on(BatchGetReportsCommand).resolves({
      reports: [
        {
          arn: ARN,
          type: 'TEST',
          status: 'FAILED',
          testSummary: { total: 130, statusCounts: { SUCCEEDED: 120, FAILED: 3, ERROR: 1, SKIPPED: 4, UNKNOWN: 2 }, durationInNanoSeconds: 1 },
        },
      ],
    });

    // Act
    const totals = await source().read(ARN);

    // Assess
    expect(totals).toEqual({ tests: 130, failures: 3, errors: 3, skipped: 4 });
    expect(codebuild.commandCalls(BatchGetReportsCommand)[0]!.args[0].input).toEqual({ reportArns: [ARN] });
  });

  it('reads absent status counts as zero', async () => {
    codebuild.on(BatchGetReportsCommand).resolves({ reports: [{ arn: ARN, status: 'SUCCEEDED', testSummary: { total: 5, statusCounts: { SUCCEEDED: 5 }, durationInNanoSeconds: 1 } }] });
    expect(await source().read(ARN)).toEqual({ tests: 5, failures: 0, errors: 0, skipped: 0 });
  });

  it.each([
    ['the report is not found', { reports: [], reportsNotFound: [ARN] }, 'MissingTestEvidenceError', `CodeBuild report ${ARN} does not exist`],
    ['the answer is empty', {}, 'MissingTestEvidenceError', `CodeBuild report ${ARN} does not exist`],
    ['the report is a coverage report', { reports: [{ arn: ARN, type: 'CODE_COVERAGE' as const, status: 'SUCCEEDED' as const }] }, 'MissingTestEvidenceError', `CodeBuild report ${ARN} has no test summary (a CODE_COVERAGE report)`],
    ['the report is still being generated', { reports: [{ arn: ARN, status: 'GENERATING' as const }] }, 'TransientReleaseError', `CodeBuild report ${ARN} is still being generated`],
  ])('fails when %s', async (_name, response, name, message) => {
    codebuild.on(BatchGetReportsCommand).resolves(response);
    await expect(source().read(ARN)).rejects.toMatchObject({ name, message });
  });
});

it('fails with missing evidence on a reference that is neither S3 nor CodeBuild', async () => {
  await expect(source().read('https://ci.example.com/unit.xml')).rejects.toMatchObject({
    name: 'MissingTestEvidenceError',
    message: 'test report https://ci.example.com/unit.xml is neither an s3:// URI of a JUnit XML report nor a CodeBuild report ARN',
  });
});
