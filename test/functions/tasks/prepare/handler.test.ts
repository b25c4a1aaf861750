import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { InvalidReleaseInputError, ReleaseLockedError, ReleaseRefusedError } from '../../../../functions/shared/errors';
import { fakeWorld, FUNCTION, SHARDS, versionOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/prepare/handler';
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual', commit: 'abc1234' } };

describe('prepare handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger(), evalShards: SHARDS, maxReleaseMinutes: 60 });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
  });

  afterEach(() => logs.restore());

  it('returns the Release for a valid event', async () => {
    // Act
    const release = await handler()({ input, executionName: 'rel-1' }, lambdaContext());

    // Assess
    expect(release).toMatchObject({ releaseId: 'rel-1', stableVersion: '5', candidateVersion: '6', change: { kind: 'code' } });
  });

  it('refuses a model-pin release without a pin store (modelPins: false)', async () => {
    // Prepare
    const { pinStore: _pinStore, ...withoutPins } = world;
    const byPins = { ...input, candidate: { modelPins: { configurationVersion: '3' } }, change: { source: 'appconfig' } };

    // Act
    const act = makeHandler({ ...withoutPins, logger: createReleaseLogger(), evalShards: SHARDS, maxReleaseMinutes: 60 })({ input: byPins, executionName: 'rel-1' }, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new ReleaseRefusedError('model pins are not managed by this pipeline (modelPins: false): release a published version instead'));
  });

  it.each([
    [{ input }, 'invalid Prepare event: executionName: Invalid input: expected string, received undefined'],
    [{ input: { ...input, candidate: { version: 'seven' } }, executionName: 'rel-1' }, /^invalid release input: candidate/],
  ])('fails with a named error naming the field: %j', async (event, message) => {
    // Act
    const act = handler()(event as never, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(message);
  });

  it('logs the failure by name and message, never the event', async () => {
    // Prepare
    await world.releaseStore.acquireLock(`${FUNCTION}:live`, 'rel-0', new Date('2030-01-01T00:00:00Z'));

    // Act
    await expect(handler()({ input: { ...input, change: { source: 'manual', commit: 'fedcba9876' } }, executionName: 'rel-1' }, lambdaContext())).rejects.toBeInstanceOf(
      ReleaseLockedError,
    );

    // Assess
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Prepare failed',
        service: 'evalgate-release',
        function_request_id: 'request-1',
        errorName: 'ReleaseLockedError',
        errorMessage: 'release rel-0 already in progress for assistant:live',
      }),
    ]);
    expect(logs.text()).not.toContain('fedcba9876');
  });
});
