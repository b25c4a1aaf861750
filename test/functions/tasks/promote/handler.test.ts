import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockKey } from '../../../../functions/release/prepare';
import { InvalidReleaseInputError, ReleaseStoppedError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { ALIAS, fakeWorld, FUNCTION, holdReleaseLock, GOOD_MODEL, NEW_MODEL, releaseOf, versionOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/promote/handler';

describe('promote handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger() });

  beforeEach(async () => {
    logs = captureLogs();
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
    // Prepare took the lock for rel-1: the task reads it after moving the alias.
    await holdReleaseLock(world);
  });

  afterEach(() => logs.restore());

  it('puts all traffic on the candidate for a valid event', async () => {
    // Act
    const promotion = await handler()({ release: releaseOf() }, lambdaContext());

    // Assess
    expect(promotion).toEqual({ version: '6', promotedAt: '2025-01-01T10:00:00.000Z' });
    expect(await world.router.getRouting({ functionName: FUNCTION, alias: ALIAS })).toEqual({ version: '6', additionalWeights: {} });
  });

  it('deploys the pins of a model-pin release AppConfig does not serve yet, with the pin store it is given', async () => {
    // Prepare: a release of configuration 3 started by hand; AppConfig still serves 2.
    const release = releaseOf({ change: { source: 'manual', kind: 'model' }, pins: { configurationVersion: '3', previousConfigurationVersion: '2', proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } } });

    // Act
    await handler()({ release }, lambdaContext());

    // Assess
    expect(await world.pinStore.deployedVersion()).toBe('3');
  });

  it('undoes the promotion and fails with a named error when the release was stopped meanwhile', async () => {
    // Prepare: the reconciler freed the lock while the invocation was in flight.
    await world.releaseStore.releaseLock(lockKey(FUNCTION, ALIAS), 'rel-1');

    // Act
    const act = handler()({ release: releaseOf() }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(ReleaseStoppedError);
    expect(await world.router.getRouting({ functionName: FUNCTION, alias: ALIAS })).toEqual({ version: '5', additionalWeights: {} });
    expect(logs.text()).toContain('ReleaseStoppedError');
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ release: releaseOf({ candidateVersion: '$LATEST' }) }, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError('invalid Promote event: release.candidateVersion: must be a published version number such as "7"'));
  });
});
