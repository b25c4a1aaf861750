import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyAlarms, LocalHealthSource } from '../../../../lib/local-stage/services/health-source';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { LocalMetrics } from '../../../../lib/local-stage/services/metrics';
import type { AlarmThresholds } from '../../../../functions/release/alarm-specs';
import { LIVE_SCORE, liveScoreDimensions } from '../../../../functions/runtime/live-score-metrics';
import { FakeClock } from '../../../helpers/fakes/clock';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const THRESHOLDS: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 8000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
const REQUEST = { releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '6' };
const LAMBDA = { FunctionName: 'assistant', Resource: 'assistant:live', ExecutedVersion: '6' };

function healthIn(dir: string, clock = new FakeClock('2025-01-01T10:00:00Z')) {
  const metrics = new LocalMetrics(join(dir, 'metrics.jsonl'));
  const alarmsFile = new JsonFile(join(dir, 'alarms.json'), emptyAlarms());
  return { clock, metrics, alarmsFile, health: new LocalHealthSource(alarmsFile, metrics, clock, THRESHOLDS) };
}

describe('LocalHealthSource', () => {
  it('creates the release alarms, which start with insufficient data', async () => {
    const { health } = healthIn(tempDir());

    const names = await health.createReleaseAlarms(REQUEST);

    expect(names).toEqual(['evalgate-r-1-errors', 'evalgate-r-1-p99', 'evalgate-r-1-live-score']);
    expect((await health.describeAlarms(names)).map((alarm) => alarm.state)).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
  });

  it('evaluates the alarms at the clock and keeps the state found for the next instance', async () => {
    // Prepare
    const dir = tempDir();
    const { health, metrics, clock } = healthIn(dir);
    const names = await health.createReleaseAlarms(REQUEST);
    for (const minute of [1, 2]) {
      const timestamp = new Date(Date.UTC(2025, 0, 1, 10, minute, 5));
      metrics.putAll([
        { namespace: 'AWS/Lambda', name: 'Invocations', dimensions: LAMBDA, value: 10, timestamp },
        { namespace: 'AWS/Lambda', name: 'Errors', dimensions: LAMBDA, value: 4, timestamp },
      ]);
    }
    clock.set('2025-01-01T10:03:00Z');

    // Act
    const [errors] = await health.describeAlarms(names);

    // Assess
    expect(errors).toMatchObject({ name: 'evalgate-r-1-errors', state: 'ALARM' });
    expect(errors!.reason).toContain('2 out of the last 3 datapoints were greater than the threshold (0.05)');
    const stored = new JsonFile(join(dir, 'alarms.json'), emptyAlarms()).read().alarms['evalgate-r-1-errors'];
    expect(stored).toMatchObject({ kind: 'metric', state: 'ALARM', spec: { AlarmName: 'evalgate-r-1-errors' } });
  });

  it("answers static alarms with the state they were given, and leaves unknown names out", async () => {
    const dir = tempDir();
    healthIn(dir).health.defineAlarm('team-p1', { state: 'ALARM', reason: 'paged by a scenario' });

    const alarms = await healthIn(dir).health.describeAlarms(['team-p1', 'nobody', 'team-p1']);

    expect(alarms).toEqual([{ name: 'team-p1', state: 'ALARM', reason: 'paged by a scenario' }]);
  });

  it('deletes alarms idempotently', async () => {
    const { health } = healthIn(tempDir());
    const names = await health.createReleaseAlarms(REQUEST);

    await health.deleteAlarms(names);
    await health.deleteAlarms([...names, 'never-existed']);

    expect(await health.describeAlarms(names)).toEqual([]);
  });

  it('keeps the state of an alarm created again (a retried Prepare)', async () => {
    const { health, alarmsFile } = healthIn(tempDir());
    await health.createReleaseAlarms(REQUEST);
    alarmsFile.update((doc) => {
      doc.alarms['evalgate-r-1-errors'] = { ...doc.alarms['evalgate-r-1-errors']!, state: 'OK', reason: 'evaluated' };
    });

    await health.createReleaseAlarms(REQUEST);

    expect(alarmsFile.read().alarms['evalgate-r-1-errors']).toMatchObject({ state: 'OK', reason: 'evaluated' });
  });

  describe('hasLiveScoreMetrics', () => {
    const pass = (traffic: 'eval' | 'live', version: string, at: string, value = 0) => ({
      namespace: LIVE_SCORE.namespace,
      name: LIVE_SCORE.metrics.pass,
      dimensions: liveScoreDimensions('assistant', version, traffic),
      value,
      timestamp: new Date(at),
    });

    it.each([
      ['eval traffic of the version since the release started, even all failing', pass('eval', '6', '2025-01-01T10:04:00Z'), true],
      ['eval traffic in the minute the release started', pass('eval', '6', '2025-01-01T10:00:05Z'), true],
      ['eval traffic in the current, open minute', pass('eval', '6', '2025-01-01T10:05:40Z'), true],
      ['eval traffic before the release started', pass('eval', '6', '2025-01-01T09:59:00Z'), false],
      ['live traffic only', pass('live', '6', '2025-01-01T10:04:00Z', 1), false],
      ['eval traffic of another version', pass('eval', '5', '2025-01-01T10:04:00Z', 1), false],
    ])('%s: %s', async (_case, datum, expected) => {
      const { health, metrics, clock } = healthIn(tempDir());
      metrics.put(datum);
      clock.set('2025-01-01T10:05:45Z');

      expect(await health.hasLiveScoreMetrics('assistant', '6', new Date('2025-01-01T10:00:30Z'))).toBe(expected);
    });
  });
});
