import { beforeEach, describe, expect, it } from 'vitest';
import { bakeComplete, checkHealth, healthVerdict, type HealthDeps } from '../../../functions/release/canary';
import type { AlarmState } from '../../../functions/ports/health-source';
import { fakeWorld, releaseOf, type FakeWorld } from '../../helpers/fakes';

const alarm = (name: string, state: AlarmState['state'], reason = 'because'): AlarmState => ({ name, state, reason });

describe('bakeComplete', () => {
  it.each([
    ['2025-01-01T10:00:00Z', '2025-01-01T10:29:59.999Z', false],
    ['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z', true],
    ['2025-01-01T10:00:00Z', '2025-01-01T11:00:00Z', true],
    ['2025-01-01T10:00:00Z', '2025-01-01T09:59:00Z', false],
  ])('shifted at %s, checked at %s: %s', (shiftedAt, now, complete) => {
    // Act
    const done = bakeComplete(shiftedAt, new Date(now), 30 * 60_000);

    // Assess
    expect(done).toBe(complete);
  });
});

describe('healthVerdict', () => {
  it.each<[string, AlarmState[], 'healthy' | 'degraded', string[]]>([
    ['no alarms', [], 'healthy', []],
    ['all OK', [alarm('a', 'OK'), alarm('b', 'OK')], 'healthy', []],
    ['insufficient data (a quiet canary)', [alarm('a', 'INSUFFICIENT_DATA'), alarm('b', 'OK')], 'healthy', []],
    ['one ALARM', [alarm('errors', 'ALARM', 'Threshold Crossed: 3 datapoints'), alarm('b', 'OK')], 'degraded', ['alarm errors is ALARM: Threshold Crossed: 3 datapoints']],
    ['two ALARMs', [alarm('a', 'ALARM', 'x'), alarm('b', 'ALARM', 'y')], 'degraded', ['alarm a is ALARM: x', 'alarm b is ALARM: y']],
  ])('%s', (_name, alarms, verdict, reasons) => {
    // Act
    const result = healthVerdict(alarms);

    // Assess
    expect(result).toEqual({ verdict, reasons });
  });
});

describe('checkHealth', () => {
  let world: FakeWorld;
  let deps: HealthDeps;
  const release = releaseOf();
  const canary = { step: 0, weight: 5, shiftedAt: '2025-01-01T10:00:00.000Z' };

  beforeEach(() => {
    world = fakeWorld();
    for (const name of [...release.alarmNames, 'team-p1-alarm']) world.healthSource.setAlarm(name, 'OK');
    deps = { ...world, extraAlarms: ['team-p1-alarm'] };
  });

  it('is healthy and not yet baked while the alarms are quiet', async () => {
    // Prepare
    world.clock.set('2025-01-01T10:10:00Z');

    // Act
    const verdict = await checkHealth({ release, canary, bakeMs: 30 * 60_000 }, deps);

    // Assess
    expect(verdict).toEqual({ verdict: 'healthy', bakeComplete: false, reasons: [], checkedAt: '2025-01-01T10:10:00.000Z' });
  });

  it('is baked once the bake time has passed', async () => {
    // Prepare
    world.clock.set('2025-01-01T10:30:00Z');

    // Act
    const verdict = await checkHealth({ release, canary, bakeMs: 30 * 60_000 }, deps);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'healthy', bakeComplete: true });
  });

  it.each([
    ['a per-release alarm', 'evalgate-rel-1-errors'],
    ["one of the user's alarms", 'team-p1-alarm'],
  ])('is degraded when %s is in ALARM', async (_name, name) => {
    // Prepare
    world.healthSource.setAlarm(name, 'ALARM', 'Threshold Crossed');

    // Act
    const verdict = await checkHealth({ release, canary, bakeMs: 30 * 60_000 }, deps);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'degraded', reasons: [`alarm ${name} is ALARM: Threshold Crossed`] });
  });

  it('is degraded when an alarm no longer exists: the canary would go on unwatched', async () => {
    // Prepare
    await world.healthSource.deleteAlarms(['evalgate-rel-1-live-score']);

    // Act
    const verdict = await checkHealth({ release, canary, bakeMs: 0 }, deps);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'degraded', bakeComplete: true, reasons: ['alarm evalgate-rel-1-live-score does not exist'] });
  });

  describe('with a minimum of live requests (the last step)', () => {
    const last = { step: 1, weight: 25, shiftedAt: '2025-01-01T10:00:00.000Z' };
    const target = { functionName: release.functionName, alias: release.alias };
    const check = () => checkHealth({ release, canary: last, bakeMs: 30 * 60_000, minRequests: 50 }, deps);

    it('completes the bake once the candidate served enough live requests through the alias', async () => {
      // Prepare: 30 at 5%, 25 at 25%, since the release started; the stable version's requests do not count
      world.healthSource.recordInvocations(target, '6', 30, new Date('2025-01-01T10:02:00Z'));
      world.healthSource.recordInvocations(target, '6', 25, new Date('2025-01-01T10:10:00Z'));
      world.healthSource.recordInvocations(target, '5', 500, new Date('2025-01-01T10:10:00Z'));
      world.clock.set('2025-01-01T10:30:00Z');

      // Act, Assess
      expect(await check()).toEqual({ verdict: 'healthy', bakeComplete: true, reasons: ['55 live requests reached version 6 (at least 50)'], checkedAt: '2025-01-01T10:30:00.000Z' });
    });

    it('bakes on while the candidate has served too few, then rolls back rather than promote it unobserved', async () => {
      // Prepare
      world.healthSource.recordInvocations(target, '6', 7, new Date('2025-01-01T10:10:00Z'));
      world.healthSource.recordInvocations(target, '6', 1, new Date('2025-01-01T09:00:00Z'));

      // Act, Assess: baked but short; three more bakes; then degraded
      world.clock.set('2025-01-01T10:30:00Z');
      expect(await check()).toMatchObject({ verdict: 'healthy', bakeComplete: false, reasons: ['baking on: 7 of the 50 live requests required reached version 6'] });
      world.clock.set('2025-01-01T11:59:59Z');
      expect(await check()).toMatchObject({ verdict: 'healthy', bakeComplete: false });
      world.clock.set('2025-01-01T12:00:00Z');
      expect(await check()).toEqual({
        verdict: 'degraded',
        bakeComplete: true,
        reasons: ['too little traffic to judge the candidate: 7 of the 50 live requests required reached version 6 in 4 bakes of the last step; not promoted unobserved'],
        checkedAt: '2025-01-01T12:00:00.000Z',
      });
    });

    it('does not count traffic before the bake is over, nor when an alarm already says degraded', async () => {
      world.clock.set('2025-01-01T10:10:00Z');
      world.healthSource.failNext('countAliasInvocations', new Error('not to be called'));
      expect(await check()).toMatchObject({ verdict: 'healthy', bakeComplete: false, reasons: [] });
      world.healthSource.setAlarm('team-p1-alarm', 'ALARM', 'pager');
      world.clock.set('2025-01-01T10:30:00Z');
      expect(await check()).toMatchObject({ verdict: 'degraded', reasons: ['alarm team-p1-alarm is ALARM: pager'] });
    });
  });
});
