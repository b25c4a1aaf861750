/**
 * The reports bucket: eval shard results, gate reports and release records, so the state machine carries keys
 * instead of results (Step Functions state is limited to 256 KB).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ReportStore } from '../../ports/report-store';
import { isServiceError } from './service-errors';

/** The object does not exist; the message names it as an s3:// URI. */
export class ReportNotFoundError extends Error {
  override readonly name = 'ReportNotFoundError';
}

/**
 * @example
 * const reports = new S3ReportStore(new S3Client({}), 'evalgate-reports-123456789012');
 * await reports.putJson('releases/r-1/shards/quality-0.json', results);
 * const results = await reports.getJson<ShardResults>('releases/r-1/shards/quality-0.json');
 */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putJson(key: string, value: unknown): Promise<void> {
    await this.putText(key, JSON.stringify(value), 'application/json');
  }

  async putText(key: string, text: string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: contentType }));
  }

  async getJson<T = unknown>(key: string): Promise<T> {
    const text = await readObject(this.client, this.bucket, key);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`s3://${this.bucket}/${key} is not JSON`, { cause: error });
    }
  }
}

/**
 * The object's body as text; {@link ReportNotFoundError} names the object when it does not exist.
 *
 * @example
 * const xml = await readObject(new S3Client({}), 'ci-reports', 'junit/abc123.xml');
 */
export async function readObject(client: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!response.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return await response.Body.transformToString('utf-8');
  } catch (error) {
    // Without s3:ListBucket a missing key is AccessDenied instead: left as is, it may be a real permission problem.
    if (isServiceError(error, 'NoSuchKey')) throw new ReportNotFoundError(`s3://${bucket}/${key} does not exist`, { cause: error });
    throw error;
  }
}
