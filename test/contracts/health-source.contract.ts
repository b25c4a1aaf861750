/**
 * What every HealthSource does (functions/ports/health-source.ts): run by health-source.test.ts against the fake
 * and the local stage's alarms and metrics. No implementation of the CloudWatch API is at hand: the rules are
 * those the CloudWatch documentation states and the CloudWatch source's reading of them
 * (functions/adapters/aws/cloudwatch-health-source.ts).
 *
 * - A new alarm is INSUFFICIENT_DATA; PutMetricAlarm on an existing alarm replaces its definition and leaves its
 *   state: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * - DescribeAlarms answers the names it knows, each once; DeleteAlarms of a name that does not exist changes nothing.
 * - Metrics are read at one-minute resolution: a datapoint counts from the start of the minute `since` falls in.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../functions/ports/clock';
import type { AlarmState, HealthSource } from '../../functions/ports/health-source';
import { FakeClock } from '../helpers/fakes/clock';

export interface HealthSourceSubject {
  readonly health: HealthSource;
  /** The candidate's eval traffic records a live eval score at `at` (what liveScore() emits). */
  emitEvalScore(functionName: string, version: string, at: Date): void;
  /** One of the team's own alarms, in the state given (SetAlarmState). */
  defineAlarm(name: string, state: AlarmState['state'], reason: string): void;
}

/** A source with no alarms and no metrics, reading time from `clock`. */
export type HealthSourceFactory = (clock: Clock) => HealthSourceSubject | Promise<HealthSourceSubject>;

const REQUEST = { releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '6' };
const at = (time: string) => new Date(`2025-01-10T${time}Z`);

/**
 * @example
 * healthSourceContract('FakeHealthSource', () => { const health = new FakeHealthSource(); return { health, emitEvalScore: ..., defineAlarm: ... }; });
 */
export function healthSourceContract(name: string, create: HealthSourceFactory): void {
  const setup = async () => {
    const clock = new FakeClock(at('10:00:00'));
    return { clock, ...(await create(clock)) };
  };
  const byName = (alarms: readonly AlarmState[]) => [...alarms].sort((a, b) => a.name.localeCompare(b.name));

  describe(`HealthSource contract: ${name}`, () => {
    it('creates three alarms named after the release, which start with insufficient data', async () => {
      const { health } = await setup();

      const names = await health.createReleaseAlarms(REQUEST);

      expect(new Set(names).size).toBe(3);
      for (const alarmName of names) expect(alarmName).toContain('r-1');
      expect((await health.describeAlarms(names)).map((alarm) => [alarm.name, alarm.state]).sort()).toEqual(names.map((alarmName) => [alarmName, 'INSUFFICIENT_DATA']).sort());
    });

    it('names the alarms of two releases apart', async () => {
      const { health } = await setup();

      const first = await health.createReleaseAlarms(REQUEST);
      const second = await health.createReleaseAlarms({ ...REQUEST, releaseId: 'r-2', alias: 'beta' });

      expect(first.filter((alarmName) => second.includes(alarmName))).toEqual([]);
    });

    it('creates the same alarms again for a retried Prepare, once each', async () => {
      const { health } = await setup();
      const names = await health.createReleaseAlarms(REQUEST);

      const again = await health.createReleaseAlarms(REQUEST);

      expect(again).toEqual(names);
      expect(await health.describeAlarms(names)).toHaveLength(3);
    });

    it("describes the team's own alarms with their state and reason, each once, and leaves unknown names out", async () => {
      const { health, defineAlarm } = await setup();
      defineAlarm('team-p1', 'ALARM', 'Threshold Crossed: 3 errors');
      defineAlarm('team-latency', 'OK', 'Threshold not crossed');

      const alarms = await health.describeAlarms(['team-p1', 'nobody', 'team-latency', 'team-p1']);

      expect(byName(alarms)).toEqual([
        { name: 'team-latency', state: 'OK', reason: 'Threshold not crossed' },
        { name: 'team-p1', state: 'ALARM', reason: 'Threshold Crossed: 3 errors' },
      ]);
    });

    it('deletes alarms, ignoring names that do not exist (idempotent)', async () => {
      const { health, defineAlarm } = await setup();
      const names = await health.createReleaseAlarms(REQUEST);
      defineAlarm('team-p1', 'OK', 'fine');

      await health.deleteAlarms(names);
      await health.deleteAlarms([...names, 'never-existed']);

      expect(await health.describeAlarms([...names, 'team-p1'])).toEqual([{ name: 'team-p1', state: 'OK', reason: 'fine' }]);
    });

    it.each([
      ['eval traffic of the version since the release started', '6', '10:04:00', true],
      ['eval traffic in the minute the release started, before it did', '6', '10:00:05', true],
      ['eval traffic in the current minute', '6', '10:05:40', true],
      ['eval traffic in the minute before the release started', '6', '09:59:59', false],
      ['eval traffic of another version', '5', '10:04:00', false],
    ])('sees live eval scores for %s: %s', async (_case, version, time, expected) => {
      const { health, clock, emitEvalScore } = await setup();
      emitEvalScore('assistant', version, at(time));
      clock.set(at('10:05:45'));

      expect(await health.hasLiveScoreMetrics('assistant', '6', at('10:00:30'))).toBe(expected);
    });

    it('sees no live eval scores where none were recorded', async () => {
      const { health, clock } = await setup();
      clock.set(at('10:05:45'));

      expect(await health.hasLiveScoreMetrics('assistant', '6', at('10:00:30'))).toBe(false);
    });
  });
}
