import { beforeEach, describe, expect, it, vi } from 'vitest';
import { prepare, type PrepareDeps } from '../../../functions/release/prepare';
import { RELEASE_ENV } from '../../../functions/runtime/release-env';
import { InvalidReleaseInputError, ReleaseLockedError, ReleaseRefusedError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, SHARDS, versionOf, type FakeWorld } from '../../helpers/fakes';

const KEY = `${FUNCTION}:${ALIAS}`;
const byVersion = (version: string, change: Record<string, unknown> = { source: 'manual' }) => ({
  target: { functionName: FUNCTION },
  candidate: { version },
  change,
});
const byPins = (configurationVersion: string, change: Record<string, unknown> = { source: 'appconfig' }) => ({
  target: { functionName: FUNCTION },
  candidate: { modelPins: { configurationVersion } },
  change,
});

describe('prepare', () => {
  let world: FakeWorld;
  let deps: PrepareDeps;

  beforeEach(() => {
    world = fakeWorld();
    deps = { ...world, evalShards: SHARDS, maxReleaseMinutes: 90 };
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
  });

  it('returns the release of a code change, holding the lock and the alarms', async () => {
    // Act
    const release = await prepare({ input: byVersion('6', { source: 'codepipeline', commit: 'abc1234', testReport: 's3://ci-bucket/junit.xml' }), executionName: 'rel-1' }, deps);

    // Assess
    expect(release).toEqual({
      releaseId: 'rel-1',
      functionName: FUNCTION,
      alias: ALIAS,
      stableVersion: '5',
      candidateVersion: '6',
      change: { source: 'codepipeline', kind: 'code', commit: 'abc1234', testReport: 's3://ci-bucket/junit.xml' },
      codeSha256: 'code-6',
      startedAt: '2025-01-01T10:00:00.000Z',
      alarmNames: ['evalgate-rel-1-errors', 'evalgate-rel-1-p99-duration', 'evalgate-rel-1-live-score'],
      evalShards: SHARDS,
    });
    // The release on the lock is what a reconciler undoes if the execution is stopped. It holds 25 h past the
    // execution's 90-minute timeout: the reconciler of a timed-out execution may come up to 24 h later.
    expect(world.releaseStore.locks.get(KEY)).toEqual({ releaseId: 'rel-1', expiresAt: new Date('2025-01-02T12:30:00.000Z'), release });
    expect(world.healthSource.requests).toEqual([{ releaseId: 'rel-1', functionName: FUNCTION, alias: ALIAS, candidateVersion: '6' }]);
  });

  it('releases a function given by its ARN under its name: one lock for the alias, the metrics Lambda publishes', async () => {
    // Arrange: another release holds the alias, given by name.
    await prepare({ input: byVersion('6', { source: 'manual', testReport: 's3://ci-bucket/junit.xml' }), executionName: 'rel-name' }, deps);
    const byArn = { ...byVersion('6', { source: 'manual', testReport: 's3://ci-bucket/junit.xml' }), target: { functionName: `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}` } };

    // Act
    const act = prepare({ input: byArn, executionName: 'rel-arn' }, deps);

    // Assess
    await expect(act).rejects.toThrow(ReleaseLockedError);
    expect(world.healthSource.requests.map((r) => r.functionName)).toEqual([FUNCTION]);
  });

  it('publishes the live code with the proposed pins for a model-pin change', async () => {
    // Act
    const release = await prepare({ input: byPins('3'), executionName: 'rel-2' }, deps);

    // Assess
    const published = world.registry.published[0]!;
    expect(published.description).toBe('evalgate pins 3');
    expect(published.version).toEqual({
      functionName: FUNCTION,
      version: '7',
      codeSha256: 'code-5',
      environment: { EVALGATE_MODEL_ID: NEW_MODEL, EVALGATE_FALLBACK_MODEL_ID: GOOD_MODEL, EVALGATE_PINS_VERSION: '3', EVALGATE_PROMPT_SHA: 'prompt-a', LOG_LEVEL: 'INFO' },
    });
    expect(release).toMatchObject({
      candidateVersion: '7',
      codeSha256: 'code-5',
      change: { source: 'appconfig', kind: 'model' },
      pins: { configurationVersion: '3', previousConfigurationVersion: '2', proposed: { modelId: NEW_MODEL, fallbackModelId: GOOD_MODEL }, previous: { modelId: GOOD_MODEL } },
    });
  });

  it('removes the live fallback when the proposed pins have none', async () => {
    // Prepare
    world.registry.add(versionOf('8', { environment: { EVALGATE_FALLBACK_MODEL_ID: 'amazon.titan-text-express-v1' } }));
    world.router.setAlias({ functionName: FUNCTION, alias: ALIAS }, { version: '8', additionalWeights: {} });
    world.pinStore.add('4', { modelId: NEW_MODEL });

    // Act
    const release = await prepare({ input: byPins('4'), executionName: 'rel-3' }, deps);

    // Assess: a kept fallback would silently run the old configuration's model.
    expect(world.registry.published[0]!.version.environment).not.toHaveProperty(RELEASE_ENV.fallbackModelId);
    expect(release.pins).toMatchObject({ proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL, fallbackModelId: 'amazon.titan-text-express-v1' } });
  });

  describe('without a pin store (modelPins: false)', () => {
    const withoutPins = (): PrepareDeps => {
      const { pinStore: _pinStore, ...rest } = deps;
      return rest;
    };

    it('refuses a model-pin release before taking the lock, publishing nothing', async () => {
      // Act
      const act = prepare({ input: byPins('3'), executionName: 'rel-1' }, withoutPins());

      // Assess
      await expect(act).rejects.toThrow(
        new ReleaseRefusedError('model pins are not managed by this pipeline (modelPins: false): release a published version instead'),
      );
      expect(world.releaseStore.locks.size).toBe(0);
      expect(world.registry.published).toEqual([]);
      expect(world.healthSource.alarms.size).toBe(0);
    });

    it('prepares a published version as usual', async () => {
      // Act
      const release = await prepare({ input: byVersion('6'), executionName: 'rel-1' }, withoutPins());

      // Assess
      expect(release).toMatchObject({ stableVersion: '5', candidateVersion: '6', change: { kind: 'code' } });
      expect(release).not.toHaveProperty('pins');
    });
  });

  describe('lock', () => {
    it('fails when another release holds it, and changes nothing', async () => {
      // Prepare
      await world.releaseStore.acquireLock(KEY, 'rel-0', new Date('2025-01-01T11:00:00Z'));

      // Act
      const act = prepare({ input: byPins('3'), executionName: 'rel-1' }, deps);

      // Assess
      await expect(act).rejects.toThrow(new ReleaseLockedError('release rel-0 already in progress for assistant:live'));
      expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-0');
      expect(world.registry.published).toEqual([]);
      expect(world.healthSource.alarms.size).toBe(0);
    });

    it('takes over a lock that expired (a release that died)', async () => {
      // Prepare
      await world.releaseStore.acquireLock(KEY, 'rel-0', new Date('2025-01-01T09:59:59Z'));

      // Act
      const release = await prepare({ input: byVersion('6'), executionName: 'rel-1' }, deps);

      // Assess
      expect(release.releaseId).toBe('rel-1');
      expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-1');
    });

    it('takes its own lock again when Prepare is retried', async () => {
      // Prepare
      await prepare({ input: byVersion('6'), executionName: 'rel-1' }, deps);

      // Act
      const again = await prepare({ input: byVersion('6'), executionName: 'rel-1' }, deps);

      // Assess
      expect(again.candidateVersion).toBe('6');
      expect(world.releaseStore.locks.get(KEY)?.release).toEqual(again);
    });

    it('fails when the lock was freed while it prepared (stopped and reconciled), deleting the alarms it created', async () => {
      // Prepare: the reconciler frees the lock while the alarms are being created.
      const create = world.healthSource.createReleaseAlarms.bind(world.healthSource);
      vi.spyOn(world.healthSource, 'createReleaseAlarms').mockImplementation(async (request) => {
        const names = await create(request);
        await world.releaseStore.releaseLock(KEY, 'rel-1');
        return names;
      });

      // Act
      const act = prepare({ input: byVersion('6'), executionName: 'rel-1' }, deps);

      // Assess
      await expect(act).rejects.toThrow(
        new ReleaseLockedError('release rel-1 lost the lock of assistant:live while preparing: it was stopped and reconciled, or its lock expired and was taken over'),
      );
      expect(world.healthSource.alarms.size).toBe(0);
      expect(world.releaseStore.locks.size).toBe(0);
    });
  });

  it('fails on invalid input before taking the lock', async () => {
    // Act
    const act = prepare({ input: { target: { functionName: FUNCTION }, candidate: { version: '$LATEST' }, change: { source: 'manual' } }, executionName: 'rel-1' }, deps);

    // Assess
    await expect(act).rejects.toThrow(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/candidate/);
    expect(world.releaseStore.locks.size).toBe(0);
  });

  type Setup = (world: FakeWorld) => void;
  it.each<[string, unknown, Setup, RegExp | string, (new (...args: never[]) => Error)?]>([
    ['the alias is split', byVersion('6'), (w) => w.router.setAlias({ functionName: FUNCTION, alias: ALIAS }, { version: '5', additionalWeights: { '6': 0.05 } }), 'alias live is split between 5 and 6: resolve it first', ReleaseRefusedError],
    ['the candidate is the live version', byVersion('5'), () => undefined, 'candidate version 5 is the live version: there is nothing to release', ReleaseRefusedError],
    ['the candidate version does not exist', byVersion('9'), () => undefined, 'ResourceNotFoundException: function assistant has no version 9'],
    [
      'the declared kind contradicts the change',
      byVersion('6', { source: 'manual', kind: 'prompt' }),
      () => undefined,
      "declared kind 'prompt' contradicts the detected kind 'code' (codeSha256 differ between versions 5 and 6)",
      ReleaseRefusedError,
    ],
    [
      'the candidate mixes a model and a prompt change',
      byVersion('7'),
      (w) => { w.registry.add(versionOf('7', { codeSha256: 'code-7', environment: { EVALGATE_MODEL_ID: NEW_MODEL, EVALGATE_PROMPT_SHA: 'prompt-b' } })); },
      'a prompt change and a model change never ship in the same release: EVALGATE_MODEL_ID, EVALGATE_PROMPT_SHA, codeSha256 differ between versions 5 and 7; release them one after the other',
      ReleaseRefusedError,
    ],
    [
      'the candidate runs an unpinned model',
      byVersion('7'),
      (w) => { w.registry.add(versionOf('7', { environment: { EVALGATE_MODEL_ID: 'gpt-4o' } })); },
      /^candidate version 7 EVALGATE_MODEL_ID: model id 'gpt-4o' is not pinned: undated alias/,
      ReleaseRefusedError,
    ],
    [
      'the proposed pins are floating',
      byPins('4'),
      (w) => w.pinStore.add('4', { modelId: 'anthropic.claude-3-5-sonnet-latest' }),
      "model pins configuration version 4 modelId: model id 'anthropic.claude-3-5-sonnet-latest' is not pinned: 'latest' is a floating alias that can change without a deployment; pin a dated snapshot",
      ReleaseRefusedError,
    ],
    ['the configuration version does not exist', byPins('9'), () => undefined, 'ResourceNotFoundException: configuration version 9 does not exist'],
    [
      'the live version carries no model id for a pin change',
      byPins('3'),
      (w) => {
        w.registry.add(versionOf('8', { environment: { EVALGATE_MODEL_ID: undefined } }));
        w.router.setAlias({ functionName: FUNCTION, alias: ALIAS }, { version: '8', additionalWeights: {} });
      },
      "live version 8 carries no EVALGATE_MODEL_ID: a model-pin release needs the live version's model to compare with and return to",
      ReleaseRefusedError,
    ],
    ['the alias cannot be read', byVersion('6'), (w) => { w.router.failNext('getRouting', new Error('ThrottlingException')); }, 'ThrottlingException'],
    ['publishing fails', byPins('3'), (w) => { w.registry.failNext('publishWithEnvironment', new Error('ResourceConflictException')); }, 'ResourceConflictException'],
    ['the alarms cannot be created', byVersion('6'), (w) => { w.healthSource.failNext('createReleaseAlarms', new Error('LimitExceeded')); }, 'LimitExceeded'],
    ['the release cannot be recorded on the lock', byVersion('6'), (w) => { w.releaseStore.failNext('attachRelease', new Error('ProvisionedThroughputExceededException')); }, 'ProvisionedThroughputExceededException'],
  ])('fails when %s, and releases the lock', async (_name, input, setup, message, type) => {
    // Prepare
    setup(world);

    // Act
    const act = prepare({ input, executionName: 'rel-1' }, deps);

    // Assess
    await expect(act).rejects.toThrow(message);
    if (type) await expect(act).rejects.toBeInstanceOf(type);
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
    expect(world.healthSource.alarms.size).toBe(0);
  });

  it('rethrows the original error when releasing the lock fails too', async () => {
    // Prepare
    world.router.failNext('getRouting', new Error('ThrottlingException'));
    world.releaseStore.failNext('releaseLock', new Error('dynamodb down'));

    // Act
    const act = prepare({ input: byVersion('6'), executionName: 'rel-1' }, deps);

    // Assess
    await expect(act).rejects.toThrow('ThrottlingException');
  });
});
