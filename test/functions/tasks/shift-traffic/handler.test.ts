import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockKey } from '../../../../functions/release/prepare';
import { InvalidReleaseInputError, ReleaseStoppedError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { ALIAS, fakeWorld, FUNCTION, holdReleaseLock, releaseOf, versionOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/shift-traffic/handler';

describe('shift-traffic handler', () => {
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

  it('shifts the weight for a valid event', async () => {
    // Act
    const step = await handler()({ release: releaseOf(), step: 0, weight: 5 }, lambdaContext());

    // Assess
    expect(step).toEqual({ step: 0, weight: 5, shiftedAt: '2025-01-01T10:00:00.000Z' });
    expect(await world.router.getRouting({ functionName: FUNCTION, alias: ALIAS })).toEqual({ version: '5', additionalWeights: { '6': 0.05 } });
  });

  it('undoes the shift and fails with a named error when the release was stopped meanwhile', async () => {
    // Prepare: the reconciler fenced the lock while the invocation was in flight.
    await world.releaseStore.fenceLock(lockKey(FUNCTION, ALIAS), 'rel-1', 'aborted by alice');

    // Act
    const act = handler()({ release: releaseOf(), step: 0, weight: 5 }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(ReleaseStoppedError);
    expect(await world.router.getRouting({ functionName: FUNCTION, alias: ALIAS })).toEqual({ version: '5', additionalWeights: {} });
    expect(logs.text()).toContain('ReleaseStoppedError');
  });

  it.each([
    [{ step: 0, weight: 0 }, 'invalid ShiftTraffic event: weight: weight must be more than 0 (rollback is its own task)'],
    [{ step: 0, weight: 120 }, 'invalid ShiftTraffic event: weight: weight must be at most 100'],
    [{ step: -1, weight: 5 }, 'invalid ShiftTraffic event: step: Too small: expected number to be >=0'],
  ])('fails with a named error naming the field: %j', async (fields, message) => {
    // Act
    const act = handler()({ release: releaseOf(), ...fields }, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError(message));
    expect(world.router.writes).toEqual([]);
  });
});
