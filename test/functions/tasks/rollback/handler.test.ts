import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_NAMES, InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { ALIAS, fakeWorld, FUNCTION, releaseOf, versionOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/rollback/handler';
const TARGET = { functionName: FUNCTION, alias: ALIAS };

describe('rollback handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger() });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
    world.router.setAlias(TARGET, { version: '5', additionalWeights: { '6': 0.25 } });
  });

  afterEach(() => logs.restore());

  it.each([
    ['a degraded canary (no error)', {}, 'degraded canary'],
    ['a degraded canary (error null)', { error: null }, 'degraded canary'],
    ['a degraded canary (the state machine\'s error)', { error: { Error: ERROR_NAMES.canaryDegraded, Cause: '["alarm evalgate-rel-1-errors is ALARM: secret cause text"]' } }, ERROR_NAMES.canaryDegraded],
    ['a fault', { error: { Error: 'TrafficVerificationError', Cause: 'alias live of assistant did not read back, secret cause text' } }, 'TrafficVerificationError'],
  ])('rolls back after %s, logging only why', async (_name, fields, cause) => {
    // Act
    const result = await handler()({ release: releaseOf(), ...fields } as never, lambdaContext());

    // Assess
    expect(result).toMatchObject({ version: '5', trafficReverted: true, pinsReverted: false });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
    expect(logs.lines()).toEqual([expect.objectContaining({ message: 'rolling back', releaseId: 'rel-1', cause })]);
    expect(logs.text()).not.toContain('secret cause text');
  });

  it('rolls back a release without pins with no pin store (modelPins: false)', async () => {
    // Prepare
    const { pinStore: _pinStore, ...withoutPins } = world;

    // Act
    const result = await makeHandler({ ...withoutPins, logger: createReleaseLogger() })({ release: releaseOf() }, lambdaContext());

    // Assess
    expect(result).toMatchObject({ version: '5', trafficReverted: true, pinsReverted: false });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ release: releaseOf(), error: { Cause: 'x' } } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError('invalid Rollback event: error.Error: Invalid input: expected string, received undefined'));
  });
});
