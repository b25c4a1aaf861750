import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbReleaseStore } from '../../functions/adapters/aws/dynamodb-release-store';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { emptyReleases, LocalReleaseStore } from '../../lib/local-stage/services/release-store';
import { FakeReleaseStore } from '../helpers/fakes/release-store';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { startDynamoDb, type DynamoDbOracle } from './oracles';
import { releaseStoreContract } from './release-store.contract';

const tempDir = useTempDirs();
let dynamo: DynamoDbOracle;

beforeAll(async () => {
  dynamo = await startDynamoDb();
});
afterAll(() => dynamo.stop());

releaseStoreContract('DynamoDbReleaseStore over dynalite', async (clock) => new DynamoDbReleaseStore(dynamo.client, await dynamo.createReleasesTable(), { now: () => clock.now() }));
releaseStoreContract('LocalReleaseStore', (clock) => new LocalReleaseStore(new JsonFile(join(tempDir(), 'releases.json'), emptyReleases()), clock));
releaseStoreContract('FakeReleaseStore', (clock) => new FakeReleaseStore(clock));
