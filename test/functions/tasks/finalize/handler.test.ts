import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_NAMES, InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, releaseOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/finalize/handler';
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual' } };

describe('finalize handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger() });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld();
  });

  afterEach(() => logs.restore());

  it.each([
    ['a promotion', { outcome: 'promoted', release: releaseOf() }, 'evalgate: assistant:live 5 -> 6 promoted'],
    ['a refused Prepare (no release)', { outcome: 'refused', error: { Error: 'ReleaseRefusedError', Cause: 'split' } }, 'evalgate: assistant:live refused'],
    ['absent parts passed as null', { outcome: 'aborted', release: releaseOf(), gate: null, health: null, error: { Error: 'MissingTestEvidenceError' } }, 'evalgate: assistant:live 5 -> 6 refused'],
  ])('records and notifies %s', async (_name, fields, subject) => {
    // Act
    const record = await handler()({ input, executionName: 'rel-1', ...fields } as never, lambdaContext());

    // Assess
    expect(record.releaseId).toBe('rel-1');
    expect(world.notifier.messages.map((m) => m.subject)).toEqual([subject]);
  });

  it('records the reasons of a degraded canary, not its error as JSON', async () => {
    // Prepare
    const reasons = ['alarm evalgate-rel-1-errors is ALARM: 3 errors', 'alarm evalgate-rel-1-p99-duration is ALARM: 9000 ms'];

    // Act
    const record = await handler()(
      { outcome: 'rolled-back', input, executionName: 'rel-1', release: releaseOf(), gate: null, error: { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify(reasons) } } as never,
      lambdaContext(),
    );

    // Assess
    expect(record).toMatchObject({ outcome: 'rolled-back', reasons });
    expect(world.notifier.messages[0]?.message).toMatchObject({ reasons });
  });

  it('reverts the model pins of a blocked pin change, as the state machine passes it', async () => {
    // Prepare
    await world.pinStore.deploy('3', 'the pin change that started the release');
    const release = releaseOf({
      change: { source: 'appconfig', kind: 'model' },
      pins: { configurationVersion: '3', previousConfigurationVersion: '2', proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
    });
    const gate = { decision: 'block', reasons: ['quality regressed against the baseline'], reportKey: 'releases/rel-1/report.json', suites: [] };

    // Act
    const record = await handler()({ outcome: 'blocked', input, executionName: 'rel-1', release, gate } as never, lambdaContext());

    // Assess
    expect(record).toMatchObject({ outcome: 'blocked', reasons: ['quality regressed against the baseline', 'model pins reverted to configuration 2'] });
    expect(await world.pinStore.deployedVersion()).toBe('2');
  });

  it('finalizes a blocked pin change without a pin store (modelPins: false), naming the pins to revert by hand', async () => {
    // Prepare
    const { pinStore: _pinStore, ...withoutPins } = world;
    const release = releaseOf({
      change: { source: 'appconfig', kind: 'model' },
      pins: { configurationVersion: '3', previousConfigurationVersion: '2', proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
    });

    // Act
    const record = await makeHandler({ ...withoutPins, logger: createReleaseLogger() })(
      { outcome: 'aborted', input, executionName: 'rel-1', release, error: { Error: 'States.TaskFailed', Cause: 'boom' } } as never,
      lambdaContext(),
    );

    // Assess
    expect(record.outcome).toBe('failed');
    expect(record.reasons.at(-1)).toMatch(/deploy model pins configuration version 2 in AppConfig by hand$/);
  });

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ outcome: 'succeeded', input, executionName: 'rel-1' } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/^invalid Finalize event: outcome: Invalid option: expected one of "promoted"\|"blocked"/);
    expect(world.notifier.messages).toEqual([]);
  });
});
