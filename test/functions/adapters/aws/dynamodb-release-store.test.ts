import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReleaseStore } from '../../../../functions/adapters/aws/dynamodb-release-store';
import type { Release, ReleaseRecord, TestEvidence } from '../../../../functions/release/state';

const dynamo = mockSdkClient(DynamoDBDocumentClient);
const now = new Date('2025-01-10T12:00:00Z');
const expiresAt = new Date('2025-01-10T14:00:00Z');
const conditionFailed = () => new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' });
const store = () => new DynamoDbReleaseStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'releases', { now: () => now });

describe('DynamoDbReleaseStore lock', () => {
  beforeEach(() => dynamo.reset());

  it('takes a free, expired or own lock with one conditional write', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const result = await store().acquireLock('assistant:live', 'r-1', expiresAt);

    // Assess
    expect(result).toEqual({ acquired: true });
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      // Expiry frees the lock; TTL, a week later, only tidies the table (it deletes up to days after its time).
      Item: { pk: 'LOCK#assistant:live', sk: 'LOCK', releaseId: 'r-1', expiresAt: 1736517600, ttl: 1736517600 + 7 * 24 * 3600 },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR releaseId = :id',
      ExpressionAttributeValues: { ':now': 1736510400, ':id': 'r-1' },
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reports who holds a lock it cannot take', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: { pk: 'LOCK#assistant:live', sk: 'LOCK', releaseId: 'r-0', expiresAt: 1736517000 } });

    // Act
    const result = await store().acquireLock('assistant:live', 'r-1', expiresAt);

    // Assess
    expect(result).toEqual({ acquired: false, heldBy: 'r-0' });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'releases', Key: { pk: 'LOCK#assistant:live', sk: 'LOCK' }, ConsistentRead: true });
  });

  it('tries again when the holder released the lock in between', async () => {
    // Prepare
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({});

    // Act
    const result = await store().acquireLock('assistant:live', 'r-1', expiresAt);

    // Assess
    expect(result).toEqual({ acquired: true });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('gives up after two attempts when the lock keeps changing hands', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({});
    expect(await store().acquireLock('k', 'r-1', expiresAt)).toEqual({ acquired: false, heldBy: 'unknown (the lock changed hands while it was taken)' });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('fails when the write fails for another reason', async () => {
    dynamo.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' }));
    await expect(store().acquireLock('k', 'r-1', expiresAt)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('frees only its own lock', async () => {
    // Prepare
    dynamo.on(DeleteCommand).resolves({});

    // Act
    await store().releaseLock('assistant:live', 'r-1');

    // Assess
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      Key: { pk: 'LOCK#assistant:live', sk: 'LOCK' },
      ConditionExpression: 'releaseId = :id',
      ExpressionAttributeValues: { ':id': 'r-1' },
    });
  });

  it('ignores a lock that is not its own or already gone (idempotent)', async () => {
    dynamo.on(DeleteCommand).rejects(conditionFailed());
    await expect(store().releaseLock('assistant:live', 'r-1')).resolves.toBeUndefined();
  });

  const release: Release = {
    releaseId: 'r-1',
    functionName: 'assistant',
    alias: 'live',
    stableVersion: '7',
    candidateVersion: '8',
    change: { source: 'manual', kind: 'code', commit: undefined },
    codeSha256: 'sha-8',
    startedAt: '2025-01-10T11:00:00.000Z',
    alarmNames: ['evalgate-r-1-errors'],
    evalShards: [{ suite: 'quality', index: 0, from: 0, to: 20 }],
  };
  const { commit: _commit, ...plainChange } = release.change;
  const storedRelease = { ...release, change: plainChange };

  it('attaches the release to the lock only while it holds it, without undefined members', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const attached = await store().attachRelease('assistant:live', 'r-1', release);

    // Assess
    expect(attached).toBe(true);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      Key: { pk: 'LOCK#assistant:live', sk: 'LOCK' },
      UpdateExpression: 'SET #release = :release',
      ConditionExpression: 'releaseId = :id',
      ExpressionAttributeNames: { '#release': 'release' },
      ExpressionAttributeValues: { ':release': storedRelease, ':id': 'r-1' },
    });
  });

  it('reports a lock it no longer holds (freed or taken over) instead of attaching', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    expect(await store().attachRelease('assistant:live', 'r-1', release)).toBe(false);
  });

  it('fails to attach when the write fails for another reason', async () => {
    dynamo.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' }));
    await expect(store().attachRelease('assistant:live', 'r-1', release)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('fences the lock only while it holds it, keeping the first mark', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store().fenceLock('assistant:live', 'r-1', 'aborted by alice: bad answers');

    // Assess
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      Key: { pk: 'LOCK#assistant:live', sk: 'LOCK' },
      UpdateExpression: 'SET stoppingSince = if_not_exists(stoppingSince, :since), stoppingReason = if_not_exists(stoppingReason, :reason)',
      ConditionExpression: 'releaseId = :id',
      ExpressionAttributeValues: { ':since': '2025-01-10T12:00:00.000Z', ':reason': 'aborted by alice: bad answers', ':id': 'r-1' },
    });
  });

  it('leaves a lock it does not hold (free or another release\'s) alone when fencing', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(store().fenceLock('assistant:live', 'r-1', 'timed out')).resolves.toBeUndefined();
  });

  it('fails to fence when the write fails for another reason', async () => {
    dynamo.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' }));
    await expect(store().fenceLock('assistant:live', 'r-1', 'timed out')).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it.each([
    [
      'a fenced lock',
      { releaseId: 'r-1', expiresAt: 1736517600, ttl: 1736517600, release: storedRelease, stoppingSince: '2025-01-10T12:00:00.000Z', stoppingReason: 'timed out' },
      { heldBy: 'r-1', expiresAt, release: storedRelease, stopping: { since: now, reason: 'timed out' } },
    ],
    ['a lock with its release', { releaseId: 'r-1', expiresAt: 1736517600, ttl: 1736517600, release: storedRelease }, { heldBy: 'r-1', expiresAt, release: storedRelease }],
    ['a lock Prepare has not attached to yet', { releaseId: 'r-1', expiresAt: 1736517600, ttl: 1736517600 }, { heldBy: 'r-1', expiresAt }],
    ['no lock', undefined, undefined],
  ])('reads %s with a consistent read', async (_name, item, expected) => {
    // Prepare
    dynamo.on(GetCommand).resolves(item ? { Item: { pk: 'LOCK#assistant:live', sk: 'LOCK', ...item } } : {});

    // Act
    const lock = await store().getLock('assistant:live');

    // Assess
    expect(lock).toEqual(expected);
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'releases', Key: { pk: 'LOCK#assistant:live', sk: 'LOCK' }, ConsistentRead: true });
  });
});

describe('DynamoDbReleaseStore records and evidence', () => {
  beforeEach(() => dynamo.reset());

  const record: ReleaseRecord = {
    releaseId: 'r-1',
    functionName: 'assistant',
    alias: 'live',
    outcome: 'promoted',
    reasons: ['gate passed'],
    input: { candidate: { version: '8' } },
    gate: undefined,
    startedAt: '2025-01-10T11:00:00.000Z',
    endedAt: '2025-01-10T12:00:00.000Z',
  };
  const { gate: _gate, ...stored } = record;

  it('writes a record under its function and alias, sorted by start time, without undefined members', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await store().putRecord(record);

    // Assess
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      Item: { pk: 'RELEASE#assistant#live', sk: '2025-01-10T11:00:00.000Z#r-1', outcome: 'promoted', record: stored },
    });
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item!.record).not.toHaveProperty('gate');
  });

  it('writes a retried Finalize\'s record over the first (same start, later end), and sorts a record without a start by its end', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const { startedAt: _started, ...refused } = record;

    // Act
    await store().putRecord(record);
    await store().putRecord({ ...record, endedAt: '2025-01-10T12:00:07.000Z' });
    await store().putRecord(refused);

    // Assess
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item!.sk)).toEqual([
      '2025-01-10T11:00:00.000Z#r-1',
      '2025-01-10T11:00:00.000Z#r-1',
      '2025-01-10T12:00:00.000Z#r-1',
    ]);
  });

  it.each([
    [{ Items: [{ pk: 'RELEASE#assistant#live', sk: 's', record: stored }] }, [stored]],
    [{}, []],
  ])('reads the newest records first', async (response, expected) => {
    // Prepare
    dynamo.on(QueryCommand).resolves(response);

    // Act
    const records = await store().recentRecords('assistant', 'live', 5);

    // Assess
    expect(records).toEqual(expected);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'RELEASE#assistant#live' },
      ScanIndexForward: false,
      Limit: 5,
    });
  });

  it('reads on past a page that ended before the limit (1 MB of records), asking only for what is missing', async () => {
    // Prepare
    const lastKey = { pk: 'RELEASE#assistant#live', sk: '2025-01-10T11:00:00.000Z#r-1' };
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ record: { ...stored, releaseId: 'r-2' } }, { record: stored }], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [{ record: { ...stored, releaseId: 'r-0' } }] });

    // Act
    const records = await store().recentRecords('assistant', 'live', 5);

    // Assess
    expect(records.map((r) => r.releaseId)).toEqual(['r-2', 'r-1', 'r-0']);
    expect(dynamo.commandCalls(QueryCommand).map((call) => [call.args[0].input.Limit, call.args[0].input.ExclusiveStartKey])).toEqual([
      [5, undefined],
      [3, lastKey],
    ]);
  });

  it('finds the record of one release among those that ended since it started, page by page', async () => {
    // Prepare: the filter leaves the first page empty.
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'RELEASE#assistant#live', sk: '2025-01-10T11:30:00.000Z#r-0' } })
      .resolvesOnce({ Items: [{ pk: 'RELEASE#assistant#live', sk: '2025-01-10T12:00:00.000Z#r-1', record: stored }] });

    // Act
    const found = await store().findRecord('assistant', 'live', 'r-1', new Date('2025-01-10T11:00:00Z'));

    // Assess
    expect(found).toEqual(stored);
    const query = {
      TableName: 'releases',
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      FilterExpression: '#record.#releaseId = :id',
      ExpressionAttributeNames: { '#record': 'record', '#releaseId': 'releaseId' },
      ExpressionAttributeValues: { ':pk': 'RELEASE#assistant#live', ':since': '2025-01-10T11:00:00.000Z', ':id': 'r-1' },
    };
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      query,
      { ...query, ExclusiveStartKey: { pk: 'RELEASE#assistant#live', sk: '2025-01-10T11:30:00.000Z#r-0' } },
    ]);
  });

  it('finds no record of a release that has none', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect(await store().findRecord('assistant', 'live', 'r-1', new Date('2025-01-10T11:00:00Z'))).toBeUndefined();
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
  });

  const evidence: TestEvidence = { source: 'codebuild', reference: 'arn:aws:codebuild:eu-west-1:123456789012:report/unit:1', tests: 120, failures: 0, errors: 0, skipped: 2 };

  it('records test evidence by code hash', async () => {
    dynamo.on(PutCommand).resolves({});
    await store().recordTestEvidence('assistant', 'sha-7', evidence);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'releases',
      Item: { pk: 'EVIDENCE#assistant', sk: 'sha-7', evidence, recordedAt: '2025-01-10T12:00:00.000Z' },
    });
  });

  it.each([
    [{ Item: { pk: 'EVIDENCE#assistant', sk: 'sha-7', evidence } }, evidence],
    [{}, undefined],
  ])('reads test evidence by code hash', async (response, expected) => {
    // Prepare
    dynamo.on(GetCommand).resolves(response);

    // Act
    const read = await store().getTestEvidence('assistant', 'sha-7');

    // Assess
    expect(read).toEqual(expected);
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'releases', Key: { pk: 'EVIDENCE#assistant', sk: 'sha-7' } });
  });
});
