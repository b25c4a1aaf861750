import { readFileSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { S3ReportStore } from '../../functions/adapters/aws/s3-report-store';
import { LocalReportStore, pathInside } from '../../lib/local-stage/services/report-store';
import { FakeReportStore } from '../helpers/fakes/report-store';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { startS3, type S3Oracle } from './oracles';
import { reportStoreContract } from './report-store.contract';

const tempDir = useTempDirs();
let s3: S3Oracle;

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.stop());

reportStoreContract(
  'S3ReportStore over s3rver',
  async () => {
    const bucket = await s3.createBucket();
    return {
      store: new S3ReportStore(s3.client, bucket),
      async read(key) {
        const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { text: await object.Body!.transformToString('utf-8'), ...(object.ContentType === undefined ? {} : { contentType: object.ContentType }) };
      },
    };
  },
  { keepsContentType: true },
);

reportStoreContract(
  'LocalReportStore',
  () => {
    const store = new LocalReportStore(tempDir());
    return { store, read: async (key) => ({ text: readFileSync(pathInside(store.dir, key), 'utf8') }) };
  },
  { keepsContentType: false },
);

reportStoreContract(
  'FakeReportStore',
  () => {
    const store = new FakeReportStore();
    return {
      store,
      async read(key) {
        const object = store.objects.get(key);
        if (!object) throw new Error(`no object ${key}`);
        return { text: object.body, contentType: object.contentType };
      },
    };
  },
  { keepsContentType: true },
);
