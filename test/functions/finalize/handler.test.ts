import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_NAMES, InvalidReleaseInputError } from '../../../functions/shared/errors';
import { createReleaseLogger } from '../../../functions/shared/middleware';
import { fakeWorld, FUNCTION, releaseOf, type FakeWorld } from '../../helpers/fakes';
import { captureLogs, importHandler, lambdaContext } from '../../helpers/fakes/lambda';

const { makeHandler } = await importHandler(() => import('../../../functions/finalize/handler'));
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

  it('fails with a named error naming the field', async () => {
    // Act
    const act = handler()({ outcome: 'succeeded', input, executionName: 'rel-1' } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/^invalid Finalize event: outcome: Invalid option: expected one of "promoted"\|"blocked"/);
    expect(world.notifier.messages).toEqual([]);
  });
});
