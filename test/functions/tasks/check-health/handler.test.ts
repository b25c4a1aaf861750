import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { fakeWorld, releaseOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/check-health/handler';
const canary = { step: 0, weight: 5, shiftedAt: '2025-01-01T10:00:00.000Z' };

describe('check-health handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger(), extraAlarms: [] });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld();
    for (const name of releaseOf().alarmNames) world.healthSource.setAlarm(name, 'OK');
  });

  afterEach(() => logs.restore());

  it('returns the verdict for a valid event', async () => {
    // Prepare
    world.healthSource.setAlarm('evalgate-rel-1-errors', 'ALARM', 'Threshold Crossed');

    // Act
    const verdict = await handler()({ release: releaseOf(), canary, bakeMs: 60_000 }, lambdaContext());

    // Assess
    expect(verdict).toEqual({ verdict: 'degraded', bakeComplete: false, reasons: ['alarm evalgate-rel-1-errors is ALARM: Threshold Crossed'], checkedAt: '2025-01-01T10:00:00.000Z' });
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ release: releaseOf(), canary: { ...canary, shiftedAt: 'yesterday' }, bakeMs: 60_000 }, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError('invalid CheckHealth event: canary.shiftedAt: Invalid ISO datetime'));
  });
});
