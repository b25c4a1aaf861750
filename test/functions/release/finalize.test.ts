import { beforeEach, describe, expect, it } from 'vitest';
import { finalize } from '../../../functions/release/finalize';
import { lockKey } from '../../../functions/release/prepare';
import type { FinalizeEvent } from '../../../functions/release/record';
import type { GateOutcome, HealthVerdict } from '../../../functions/release/state';
import { ERROR_NAMES, TransientReleaseError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, releaseOf, type FakeWorld } from '../../helpers/fakes';

const KEY = lockKey(FUNCTION, ALIAS);
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual' } };
const release = releaseOf();
const gate: GateOutcome = { decision: 'block', reasons: ['echo pass rate 0.67 < 0.90'], reportKey: 'releases/rel-1/report.json', suites: [] };
const degraded: HealthVerdict = { verdict: 'degraded', bakeComplete: false, reasons: ['alarm evalgate-rel-1-errors is ALARM: 3 errors'], checkedAt: '2025-01-01T10:20:00.000Z' };
const event = (overrides: Partial<FinalizeEvent>): FinalizeEvent => ({ outcome: 'promoted', input, executionName: 'rel-1', release, ...overrides });

describe('finalize', () => {
  let world: FakeWorld;

  beforeEach(async () => {
    world = fakeWorld();
    world.clock.set('2025-01-01T10:45:00Z');
    await world.releaseStore.acquireLock(KEY, 'rel-1', new Date('2025-01-01T11:30:00Z'));
    for (const name of release.alarmNames) world.healthSource.setAlarm(name, 'OK');
  });

  it('cleans up, records and notifies a promotion', async () => {
    // Act
    const record = await finalize(event({ outcome: 'promoted', gate: { ...gate, decision: 'pass', reasons: ['echo pass rate 1.00 >= 0.90'] } }), world);

    // Assess
    expect(record).toMatchObject({
      releaseId: 'rel-1',
      functionName: FUNCTION,
      alias: ALIAS,
      outcome: 'promoted',
      reasons: ['echo pass rate 1.00 >= 0.90'],
      input,
      startedAt: '2025-01-01T10:00:00.000Z',
      endedAt: '2025-01-01T10:45:00.000Z',
      durationMs: 45 * 60_000,
    });
    expect(world.healthSource.alarms.size).toBe(0);
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
    expect(world.releaseStore.records.get('rel-1')).toEqual(record);
    expect(await world.reportStore.getJson('releases/rel-1/record.json')).toEqual(record);
    expect(world.notifier.messages).toEqual([
      {
        subject: 'evalgate: assistant:live 5 -> 6 promoted',
        message: {
          releaseId: 'rel-1',
          functionName: FUNCTION,
          alias: ALIAS,
          outcome: 'promoted',
          reasons: ['echo pass rate 1.00 >= 0.90'],
          stableVersion: '5',
          candidateVersion: '6',
          kind: 'code',
          reportKey: 'releases/rel-1/report.json',
          recordKey: 'releases/rel-1/record.json',
          durationMs: 45 * 60_000,
        },
      },
    ]);
  });

  it.each<[string, Partial<FinalizeEvent>, string, string[]]>([
    ['a blocked gate', { outcome: 'blocked', gate }, 'evalgate: assistant:live 5 -> 6 blocked', ['echo pass rate 0.67 < 0.90']],
    ['a degraded canary', { outcome: 'rolled-back', gate, health: degraded }, 'evalgate: assistant:live 5 -> 6 rolled-back', degraded.reasons as string[]],
    [
      'a degraded canary as the state machine reports it (its reasons as the JSON Cause of $.error)',
      { outcome: 'rolled-back', gate, error: { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify([...degraded.reasons, 'alarm evalgate-rel-1-live-score is ALARM: "score" 0.7']) } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      [...degraded.reasons, 'alarm evalgate-rel-1-live-score is ALARM: "score" 0.7'],
    ],
    [
      'a degraded canary once, with both the verdict and the error made of it',
      { outcome: 'rolled-back', gate, health: degraded, error: { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify(degraded.reasons) } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      degraded.reasons as string[],
    ],
    [
      'a degraded canary whose Cause is not the JSON list, as any other error',
      { outcome: 'rolled-back', error: { Error: ERROR_NAMES.canaryDegraded, Cause: '["alarm x is ALARM: "p99"' } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      ['CanaryDegraded: ["alarm x is ALARM: "p99"'],
    ],
    [
      'a fault after the first shift (AWS Cause: JSON)',
      { outcome: 'rolled-back', error: { Error: 'TrafficVerificationError', Cause: '{"errorType":"TrafficVerificationError","errorMessage":"alias live did not read back","trace":[]}' } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      ['TrafficVerificationError: alias live did not read back'],
    ],
    ['missing unit-test evidence', { outcome: 'aborted', error: { Error: 'MissingTestEvidenceError', Cause: 'no unit-test evidence' } }, 'evalgate: assistant:live 5 -> 6 refused', ['MissingTestEvidenceError: no unit-test evidence']],
    ['an eval shard that broke', { outcome: 'aborted', error: { Error: 'States.TaskFailed', Cause: 'boom' } }, 'evalgate: assistant:live 5 -> 6 failed', ['States.TaskFailed: boom']],
    ['missing evidence reported as failed', { outcome: 'failed', error: { Error: 'MissingTestEvidenceError' } }, 'evalgate: assistant:live 5 -> 6 refused', ['MissingTestEvidenceError']],
  ])('records %s', async (_name, overrides, subject, reasons) => {
    // Act
    const record = await finalize(event(overrides), world);

    // Assess
    expect(record.reasons).toEqual(reasons);
    expect(world.notifier.messages.map((m) => m.subject)).toEqual([subject]);
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
  });

  it('records a refused Prepare without touching the lock another release holds', async () => {
    // Prepare
    world.releaseStore.locks.set(KEY, { releaseId: 'rel-0', expiresAt: new Date('2025-01-01T11:30:00Z') });

    // Act
    const record = await finalize(
      { outcome: 'refused', input, executionName: 'rel-1', error: { Error: 'ReleaseLockedError', Cause: 'release rel-0 already in progress for assistant:live' } },
      world,
    );

    // Assess
    expect(record).toMatchObject({ releaseId: 'rel-1', functionName: FUNCTION, alias: ALIAS, outcome: 'refused', reasons: ['ReleaseLockedError: release rel-0 already in progress for assistant:live'] });
    expect(record).not.toHaveProperty('durationMs');
    expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-0');
    expect(world.notifier.messages.map((m) => m.subject)).toEqual(['evalgate: assistant:live refused']);
  });

  it('records a refusal of input too malformed to name its target', async () => {
    // Act
    const record = await finalize({ outcome: 'refused', input: { candidate: 7 }, executionName: 'rel-9', error: { Error: 'InvalidReleaseInputError', Cause: 'target: required' } }, world);

    // Assess
    expect(record).toMatchObject({ functionName: 'unknown-function', alias: 'live', input: { candidate: 7 } });
  });

  it.each([
    ['deleteAlarms', 'delete the release alarms'],
    ['releaseLock', 'release the lock'],
    ['putRecord', 'store the record'],
    ['putJson', 'write the record to the reports bucket'],
    ['notify', 'notify'],
  ] as const)('attempts every step when %s fails, then asks for a retry', async (method, step) => {
    // Prepare
    const fakes = { deleteAlarms: world.healthSource, releaseLock: world.releaseStore, putRecord: world.releaseStore, putJson: world.reportStore, notify: world.notifier };
    (fakes[method] as { failNext(method: string, error: Error): unknown }).failNext(method, new Error('service unavailable'));

    // Act
    const act = finalize(event({ outcome: 'blocked', gate }), world);

    // Assess
    await expect(act).rejects.toThrow(new TransientReleaseError(`finalize of release rel-1 is incomplete: could not ${step}: service unavailable`));
    const done = {
      deleteAlarms: world.healthSource.alarms.size === 0,
      releaseLock: !world.releaseStore.locks.has(KEY),
      putRecord: world.releaseStore.records.has('rel-1'),
      putJson: world.reportStore.objects.has('releases/rel-1/record.json'),
      notify: world.notifier.messages.length === 1,
    };
    expect(done).toEqual({ deleteAlarms: true, releaseLock: true, putRecord: true, putJson: true, notify: true, [method]: false });
  });

  it('completes on retry', async () => {
    // Prepare
    world.releaseStore.failNext('putRecord', new Error('throttled'));
    await finalize(event({ outcome: 'blocked', gate }), world).catch(() => undefined);

    // Act
    const record = await finalize(event({ outcome: 'blocked', gate }), world);

    // Assess
    expect(world.releaseStore.records.get('rel-1')).toEqual(record);
  });
});
