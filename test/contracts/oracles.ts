/**
 * The oracles of the contract suites: dynalite (the DynamoDB API) and s3rver (the S3 API), independent
 * implementations of the services the AWS adapters call, on 127.0.0.1 at a port the system picks. Start them in
 * beforeAll and stop them in afterAll; every table and bucket a suite asks for is new, so tests share nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';

// Neither server checks the region; s3rver checks signatures against its one built-in key.
const REGION = 'us-east-1';
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let created = 0;
const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${(created += 1)}`;

export interface DynamoDbOracle {
  readonly client: DynamoDBDocumentClient;
  /** A new, empty table keyed as the construct's (lib/eval-gated-release.ts); resolves once it is ACTIVE. */
  createReleasesTable(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * @example
 * let dynamo: DynamoDbOracle;
 * beforeAll(async () => { dynamo = await startDynamoDb(); });
 * afterAll(() => dynamo.stop());
 */
export async function startDynamoDb(): Promise<DynamoDbOracle> {
  const server: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // One attempt: a retry would hide a request the service refused.
  const raw = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const client = DynamoDBDocumentClient.from(raw);
  return {
    client,
    async createReleasesTable() {
      const TableName = uniqueName('evalgate-releases');
      // On demand, string keys pk and sk, as the construct has it. Its TTL attribute (`ttl`) is left out: dynalite
      // has no UpdateTimeToLive and expires nothing, and the store decides expiry by `expiresAt` anyway.
      await raw.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // A table takes requests once ACTIVE: with createTableMs 0 that is the next tick.
      while ((await raw.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 2));
      return TableName;
    },
    async stop() {
      raw.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export interface S3Oracle {
  readonly client: S3Client;
  /** A new, empty bucket. */
  createBucket(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * @example
 * let s3: S3Oracle;
 * beforeAll(async () => { s3 = await startS3(); });
 * afterAll(() => s3.stop());
 */
export async function startS3(): Promise<S3Oracle> {
  const directory = mkdtempSync(join(tmpdir(), 'evalgate-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  // Path-style: bucket.127.0.0.1 does not resolve.
  const client = new S3Client({ endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, region: REGION, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
  return {
    client,
    async createBucket() {
      const Bucket = uniqueName('evalgate-reports');
      await client.send(new CreateBucketCommand({ Bucket }));
      return Bucket;
    },
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
