import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidReleaseInputError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { ALIAS, fakeWorld, FUNCTION, holdReleaseLock, releaseOf, versionOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';
import { statusChangeEvent } from '../../../helpers/status-change-event';

import { makeHandler } from '../../../../functions/tasks/reconcile/handler';
const TARGET = { functionName: FUNCTION, alias: ALIAS };
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual' } };
const CAUSE = 'aborted by alice: secret chat excerpt';

describe('reconcile handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger() });

  beforeEach(async () => {
    logs = captureLogs();
    world = fakeWorld();
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
    world.router.setAlias(TARGET, { version: '5', additionalWeights: { '6': 0.25 } });
    await holdReleaseLock(world, releaseOf());
  });

  afterEach(() => logs.restore());

  it.each(['ABORTED', 'TIMED_OUT'])('reconciles a %s execution from its status change event, logging no cause', async (status) => {
    // Act
    const result = await handler()(statusChangeEvent({ status, input, cause: CAUSE }), lambdaContext());

    // Assess
    expect(result).toMatchObject({ status: 'reconciled', releaseId: 'rel-1', outcome: 'aborted' });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: {} });
    expect(world.releaseStore.records.get('rel-1')?.reasons).toContain(status === 'ABORTED' ? CAUSE : `timed out: ${CAUSE}`);
    expect(logs.lines().map((line) => line.message)).toEqual(['reconciling an ended release', 'reconciled']);
    expect(logs.text()).not.toContain('secret chat excerpt');
  });

  it('passes the StopExecution error on with the cause', async () => {
    await handler()(statusChangeEvent({ input, error: 'EvalgateAbort', cause: CAUSE }), lambdaContext());
    expect(world.releaseStore.records.get('rel-1')?.reasons[0]).toBe(`EvalgateAbort: ${CAUSE}`);
  });

  it.each(['SUCCEEDED', 'RUNNING'])('skips a %s execution: its own Finalize ended it, or it has not ended', async (status) => {
    // Act
    const result = await handler()(statusChangeEvent({ status, input }), lambdaContext());

    // Assess
    expect(result).toEqual({ status: 'nothing-to-do', releaseId: 'rel-1', reason: `execution ${status}: only ABORTED, TIMED_OUT and FAILED executions are reconciled` });
    expect(await world.router.getRouting(TARGET)).toEqual({ version: '5', additionalWeights: { '6': 0.25 } });
    expect(world.releaseStore.records.size).toBe(0);
  });

  it('does nothing when the event leaves the input out (too large to include)', async () => {
    // Act
    const result = await handler()(statusChangeEvent({ input, inputIncluded: false }), lambdaContext());

    // Assess
    expect(result).toEqual({ status: 'nothing-to-do', releaseId: 'rel-1', reason: 'no release to reconcile: the event does not include the execution input' });
  });

  it('fails with the fields named when the event is not a status change', async () => {
    // Prepare
    const event = statusChangeEvent({ input });

    // Act
    const act = handler()({ ...event, source: 'aws.lambda', detail: { ...event.detail, name: undefined } } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidReleaseInputError);
    await expect(act).rejects.toThrow(/invalid Reconcile event: source: .*; detail\.name: /);
  });
});
