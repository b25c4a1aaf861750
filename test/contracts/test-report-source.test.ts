import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { AwsTestReportSource } from '../../functions/adapters/aws/aws-test-report-source';
import { LocalTestReportSource } from '../../lib/local-stage/services/test-report-source';
import { FakeTestReportSource } from '../helpers/fakes/test-reports';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { startS3, type S3Oracle } from './oracles';
import { junitSummary, testReportSourceContract } from './test-report-source.contract';

const tempDir = useTempDirs();
let s3: S3Oracle;
// Never called: the suite reads s3:// reports only. Pointed at a closed port so a stray call fails at once.
const codebuild = new CodeBuildClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  codebuild.destroy();
  await s3.stop();
});

testReportSourceContract('AwsTestReportSource over s3rver', async () => {
  const bucket = await s3.createBucket();
  const writeText = async (key: string, text: string) => {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/xml' }));
  };
  return { source: new AwsTestReportSource(s3.client, codebuild), uri: (key) => `s3://${bucket}/${key}`, writeReport: (key, totals) => writeText(key, junitSummary(totals)), writeText };
});

testReportSourceContract('LocalTestReportSource', () => {
  const root = tempDir();
  const writeText = async (key: string, text: string) => {
    const path = join(root, 's3', 'ci-reports', ...key.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  return { source: new LocalTestReportSource(root), uri: (key) => `s3://ci-reports/${key}`, writeReport: (key, totals) => writeText(key, junitSummary(totals)), writeText };
});

testReportSourceContract('FakeTestReportSource', () => {
  const source = new FakeTestReportSource();
  const uri = (key: string) => `s3://ci-reports/${key}`;
  return {
    source,
    uri,
    writeReport: async (key, totals) => {
      source.reports.set(uri(key), totals);
    },
  };
});
