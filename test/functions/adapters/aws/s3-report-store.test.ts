import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReportNotFoundError, S3ReportStore } from '../../../../functions/adapters/aws/s3-report-store';

const s3 = mockSdkClient(S3Client);
const store = () => new S3ReportStore(new S3Client({}), 'reports');
// The SDK's stream mixin is all the adapter uses of a body.
const body = (text: string) => ({ Body: { transformToString: async () => text } as never });

describe('S3ReportStore', () => {
  beforeEach(() => s3.reset());

  it('writes JSON', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});

    // Act
    await store().putJson('releases/r-1/gate.json', { decision: 'pass' });

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'reports',
      Key: 'releases/r-1/gate.json',
      Body: '{"decision":"pass"}',
      ContentType: 'application/json',
    });
  });

  it('writes text with its content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().putText('releases/r-1/gate.md', '# Gate', 'text/markdown; charset=utf-8');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'reports', Key: 'releases/r-1/gate.md', Body: '# Gate', ContentType: 'text/markdown; charset=utf-8' });
  });

  it('reads JSON', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves(body('{"cases":3}'));

    // Act
    const value = await store().getJson<{ cases: number }>('releases/r-1/shards/quality-0.json');

    // Assess
    expect(value).toEqual({ cases: 3 });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'reports', Key: 'releases/r-1/shards/quality-0.json' });
  });

  it('fails naming the object when it does not exist', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ $metadata: {}, message: 'The specified key does not exist.' }));
    const read = store().getJson('releases/r-1/missing.json');
    await expect(read).rejects.toThrow(ReportNotFoundError);
    await expect(read).rejects.toThrow('s3://reports/releases/r-1/missing.json does not exist');
  });

  it('fails when the object is not JSON', async () => {
    s3.on(GetObjectCommand).resolves(body('<html>'));
    await expect(store().getJson('k.json')).rejects.toThrow('s3://reports/k.json is not JSON');
  });

  it('passes other failures on unchanged', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'Access Denied' }));
    await expect(store().getJson('k.json')).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
