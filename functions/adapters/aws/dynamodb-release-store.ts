/**
 * The release lock, release records and recorded test evidence in one DynamoDB table (string keys `pk`, `sk`;
 * TTL attribute `ttl`):
 *
 * | item          | pk                              | sk                      | other attributes                  |
 * | ------------- | ------------------------------- | ----------------------- | --------------------------------- |
 * | lock          | `LOCK#${key}`                   | `LOCK`                  | releaseId, expiresAt, ttl (epoch s), release (once Prepare is done) |
 * |               |                                 |                         | stoppingSince (ISO), stoppingReason (once the reconciler fenced it) |
 * | record        | `RELEASE#${functionName}#${alias}` | `${startedAt ?? endedAt}#${releaseId}` (recordSortKey) | outcome, record (the ReleaseRecord) |
 * | test evidence | `EVIDENCE#${functionName}`      | `${codeSha256}`         | evidence (the TestEvidence), recordedAt |
 *
 * Records sort by their release's ISO start time (or end time), so the newest come first with ScanIndexForward false. The lock's `ttl` only
 * tidies the table (TTL deletion lags by hours); expiry itself is decided by `expiresAt` in the condition.
 */
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { recordSortKey, type LockInfo, type LockResult, type ReleaseStore } from '../../ports/release-store';
import type { Release, ReleaseRecord, TestEvidence } from '../../release/state';
import { isServiceError } from './service-errors';

export interface DynamoDbReleaseStoreOptions {
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
/** Through JSON: the marshaller rejects the undefined members optional fields leave behind. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * How long an expired lock item stays before TTL may delete it. Expiry (`expiresAt`, checked by every write) is
 * what frees a lock; TTL only tidies the table, at a time DynamoDB chooses ("within a few days" of the TTL, Using
 * time to live in DynamoDB). Until then the item keeps the Release a late reconciler needs, so TTL comes a week
 * after expiry and never races it.
 */
export const LOCK_TTL_AFTER_EXPIRY_SECONDS = 7 * 24 * 3600;

/**
 * @example
 * const store = new DynamoDbReleaseStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'evalgate-releases');
 * const lock = await store.acquireLock('assistant:live', 'r-1', new Date(Date.now() + 3_600_000));
 * if (!lock.acquired) throw new ReleaseLockedError(`held by ${lock.heldBy}`);
 */
export class DynamoDbReleaseStore implements ReleaseStore {
  private readonly now: () => Date;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbReleaseStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async acquireLock(key: string, releaseId: string, expiresAt: Date): Promise<LockResult> {
    const pk = `LOCK#${key}`;
    // Two attempts: the holder may release between our failed write and our read of who holds it.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk, sk: 'LOCK', releaseId, expiresAt: epochSeconds(expiresAt), ttl: epochSeconds(expiresAt) + LOCK_TTL_AFTER_EXPIRY_SECONDS },
            // The holder itself may take it again: a retried Prepare must not lock itself out.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR releaseId = :id',
            ExpressionAttributeValues: { ':now': epochSeconds(this.now()), ':id': releaseId },
          }),
        );
        return { acquired: true };
      } catch (error) {
        if (!isServiceError(error, 'ConditionalCheckFailedException')) throw error;
      }
      const holder = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'LOCK' }, ConsistentRead: true }));
      if (holder.Item) return { acquired: false, heldBy: String(holder.Item.releaseId) };
    }
    return { acquired: false, heldBy: 'unknown (the lock changed hands while it was taken)' };
  }

  async attachRelease(key: string, releaseId: string, release: Release): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `LOCK#${key}`, sk: 'LOCK' },
          UpdateExpression: 'SET #release = :release',
          // Fails on a missing item too: an update would otherwise create a lock nobody took.
          ConditionExpression: 'releaseId = :id',
          ExpressionAttributeNames: { '#release': 'release' },
          ExpressionAttributeValues: { ':release': plain(release), ':id': releaseId },
        }),
      );
      return true;
    } catch (error) {
      if (isServiceError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async getLock(key: string): Promise<LockInfo | undefined> {
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `LOCK#${key}`, sk: 'LOCK' }, ConsistentRead: true }));
    const item = response.Item;
    if (!item) return undefined;
    return {
      heldBy: String(item.releaseId),
      expiresAt: new Date(Number(item.expiresAt) * 1000),
      ...(item.release === undefined ? {} : { release: item.release as Release }),
      ...(item.stoppingSince === undefined ? {} : { stopping: { since: new Date(String(item.stoppingSince)), reason: String(item.stoppingReason) } }),
    };
  }

  async fenceLock(key: string, releaseId: string, reason: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `LOCK#${key}`, sk: 'LOCK' },
          // A repeated or retried fence keeps the first mark.
          UpdateExpression: 'SET stoppingSince = if_not_exists(stoppingSince, :since), stoppingReason = if_not_exists(stoppingReason, :reason)',
          // Fails on a missing item too: an update would otherwise create a lock nobody took.
          ConditionExpression: 'releaseId = :id',
          ExpressionAttributeValues: { ':since': this.now().toISOString(), ':reason': reason, ':id': releaseId },
        }),
      );
    } catch (error) {
      // Free, or held by another release: not ours to mark.
      if (!isServiceError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  async releaseLock(key: string, releaseId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `LOCK#${key}`, sk: 'LOCK' },
          ConditionExpression: 'releaseId = :id',
          ExpressionAttributeValues: { ':id': releaseId },
        }),
      );
    } catch (error) {
      // Already free or taken over by another release after ours expired: either way it is not ours to delete.
      if (!isServiceError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  async putRecord(record: ReleaseRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `RELEASE#${record.functionName}#${record.alias}`,
          sk: recordSortKey(record),
          outcome: record.outcome,
          record: plain(record),
        },
      }),
    );
  }

  async recentRecords(functionName: string, alias: string, limit: number): Promise<ReleaseRecord[]> {
    const records: ReleaseRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    // A page ends at its Limit or at 1 MB of items, whichever comes first: large records take more than one page.
    while (records.length < limit) {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `RELEASE#${functionName}#${alias}` },
          ScanIndexForward: false,
          Limit: limit - records.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      records.push(...(page.Items ?? []).map((item) => item.record as ReleaseRecord));
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    return records;
  }

  async findRecord(functionName: string, alias: string, releaseId: string, endedSince: Date): Promise<ReleaseRecord | undefined> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          // Sort keys start with the release's ISO start time (or end time), so this reads only the records since.
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          FilterExpression: '#record.#releaseId = :id',
          ExpressionAttributeNames: { '#record': 'record', '#releaseId': 'releaseId' },
          ExpressionAttributeValues: { ':pk': `RELEASE#${functionName}#${alias}`, ':since': endedSince.toISOString(), ':id': releaseId },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const item = page.Items?.[0];
      if (item) return item.record as ReleaseRecord;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return undefined;
  }

  async recordTestEvidence(functionName: string, codeSha256: string, evidence: TestEvidence): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `EVIDENCE#${functionName}`, sk: codeSha256, evidence: { ...evidence }, recordedAt: this.now().toISOString() },
      }),
    );
  }

  async getTestEvidence(functionName: string, codeSha256: string): Promise<TestEvidence | undefined> {
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `EVIDENCE#${functionName}`, sk: codeSha256 } }));
    return response.Item?.evidence as TestEvidence | undefined;
  }
}
