import type { MetricAlarmSpec } from '../../../../functions/release/alarm-specs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAlarm } from '../../../../lib/local-stage/services/alarm-evaluation';
import { LocalMetrics } from '../../../../lib/local-stage/services/metrics';
import { releaseAlarmSpecs, type AlarmThresholds } from '../../../../functions/release/alarm-specs';
import { LIVE_SCORE, liveScoreDimensions } from '../../../../functions/runtime/live-score-metrics';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const THRESHOLDS: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 8000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
const [ERRORS, P99, LIVE] = releaseAlarmSpecs({ releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '6' }, THRESHOLDS) as [
  MetricAlarmSpec,
  MetricAlarmSpec,
  MetricAlarmSpec,
];
const LAMBDA = { FunctionName: 'assistant', Resource: 'assistant:live', ExecutedVersion: '6' };
// Evaluated at 10:05:30: the complete periods are 10:02, 10:03 and 10:04; 10:05 is still filling.
const NOW = new Date('2025-01-01T10:05:30Z');
const minute = (m: number) => new Date(Date.UTC(2025, 0, 1, 10, m, 10));

type Traffic = readonly [minute: number, invocations: number, errors: number];

function metricsWith(put: (metrics: LocalMetrics) => void): LocalMetrics {
  const metrics = new LocalMetrics(join(tempDir(), 'metrics.jsonl'));
  put(metrics);
  return metrics;
}

function lambdaTraffic(traffic: readonly Traffic[]): LocalMetrics {
  return metricsWith((metrics) =>
    metrics.putAll(
      traffic.flatMap(([m, invocations, errors]) => [
        { namespace: 'AWS/Lambda', name: 'Invocations', dimensions: LAMBDA, value: invocations, timestamp: minute(m) },
        { namespace: 'AWS/Lambda', name: 'Errors', dimensions: LAMBDA, value: errors, timestamp: minute(m) },
      ]),
    ),
  );
}

describe('evaluateAlarm', () => {
  describe('the error-rate alarm (metric math, 2 of 3, missing data not breaching)', () => {
    it.each<[string, readonly Traffic[], string]>([
      ['no data at all', [], 'INSUFFICIENT_DATA'],
      ['data only before the evaluated periods', [[-20, 10, 10]], 'OK'],
      ['every period healthy', [[2, 100, 1], [3, 100, 0], [4, 100, 2]], 'OK'],
      ['1 of 3 periods breaching', [[2, 100, 1], [3, 100, 50], [4, 100, 2]], 'OK'],
      ['2 of 3 periods breaching', [[2, 100, 1], [3, 100, 50], [4, 10, 1]], 'ALARM'],
      ['2 of 3 breaching, not consecutive', [[2, 10, 5], [3, 100, 0], [4, 10, 5]], 'ALARM'],
      ['2 breaching periods and 1 missing', [[2, 10, 5], [4, 10, 5]], 'ALARM'],
      ['1 breaching period and 2 missing', [[4, 10, 5]], 'OK'],
      ['zero invocations', [[2, 0, 0], [3, 0, 0], [4, 0, 0]], 'OK'],
      ['exactly at the threshold (greater than is required)', [[2, 100, 5], [3, 100, 5], [4, 100, 5]], 'OK'],
      ['breaching only before the evaluated periods', [[0, 10, 10], [1, 10, 10], [2, 10, 0]], 'OK'],
      ['breaching only in the current, incomplete period', [[4, 10, 0], [5, 10, 10]], 'OK'],
    ])('%s: %s', (_case, traffic, state) => {
      const metrics = lambdaTraffic(traffic);

      expect(evaluateAlarm(ERRORS, NOW, (query) => metrics.query(query)).state).toBe(state);
    });

    it('says which datapoints crossed the threshold', () => {
      const metrics = lambdaTraffic([[2, 10, 5], [4, 4, 1]]);

      expect(evaluateAlarm(ERRORS, NOW, (query) => metrics.query(query)).reason).toBe(
        'Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (0.05) (minimum 2 for ALARM): ' +
          '[0.5 (2025-01-01T10:02:00.000Z), no data (2025-01-01T10:03:00.000Z), 0.25 (2025-01-01T10:04:00.000Z)]',
      );
    });
  });

  describe('the p99 duration alarm (extended statistic)', () => {
    // 100 requests a minute; `slow` of them take 9 s, the rest 200 ms.
    it.each<[string, readonly number[], string]>([
      ['one slow request in 100 per period', [1, 1, 1], 'OK'],
      ['two slow requests in 100 in 2 of 3 periods', [2, 0, 2], 'ALARM'],
      ['two slow requests in 100 in 1 of 3 periods', [0, 2, 0], 'OK'],
    ])('%s: %s', (_case, slow, state) => {
      const metrics = metricsWith((m) =>
        m.putAll(
          slow.flatMap((count, i) =>
            Array.from({ length: 100 }, (_, n) => ({ namespace: 'AWS/Lambda', name: 'Duration', dimensions: LAMBDA, value: n < count ? 9000 : 200, timestamp: minute(2 + i) })),
          ),
        ),
      );

      expect(evaluateAlarm(P99, NOW, (query) => metrics.query(query)).state).toBe(state);
    });
  });

  describe('the live-score alarm (Average, less than)', () => {
    it.each<[string, readonly (readonly number[])[], string]>([
      ['every sampled answer passing', [[1, 1], [1, 1], [1, 1]], 'OK'],
      ['pass rates 0.5 and 0.75 in 2 periods', [[1, 0], [1, 1, 1, 0], [1, 1]], 'ALARM'],
      ['a pass rate of exactly 0.8', [[1, 1, 1, 1, 0], [1, 1, 1, 1, 0], [1, 1, 1, 1, 0]], 'OK'],
    ])('%s: %s', (_case, passes, state) => {
      const metrics = metricsWith((m) =>
        m.putAll(
          passes.flatMap((values, i) =>
            values.map((value) => ({ namespace: LIVE_SCORE.namespace, name: LIVE_SCORE.metrics.pass, dimensions: liveScoreDimensions('assistant', '6', 'live'), value, timestamp: minute(2 + i) })),
          ),
        ),
      );

      expect(evaluateAlarm(LIVE, NOW, (query) => metrics.query(query)).state).toBe(state);
    });
  });

  describe('a single-metric alarm (Sum greater than 5 in 2 of 3 periods)', () => {
    const alarm = (treatMissingData: MetricAlarmSpec['TreatMissingData']): MetricAlarmSpec => ({
      AlarmName: 'busy',
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: Object.entries(LAMBDA).map(([Name, Value]) => ({ Name, Value })),
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      ...(treatMissingData === undefined ? {} : { TreatMissingData: treatMissingData }),
    });
    // Both metrics had data long ago; 'one breaching' adds a breaching 10:04 and leaves 10:02 and 10:03 missing.
    const DATA: Record<string, readonly Traffic[]> = { 'one breaching': [[-30, 1, 0], [4, 6, 0]], 'no recent': [[-30, 1, 0]] };

    it.each<[string | undefined, string, 'OK' | 'ALARM' | undefined, string]>([
      ['notBreaching', 'one breaching', undefined, 'OK'],
      ['breaching', 'one breaching', undefined, 'ALARM'],
      ['missing', 'one breaching', undefined, 'OK'],
      [undefined, 'no recent', undefined, 'INSUFFICIENT_DATA'],
      ['missing', 'no recent', 'ALARM', 'INSUFFICIENT_DATA'],
      ['ignore', 'no recent', 'ALARM', 'ALARM'],
      ['ignore', 'no recent', undefined, 'INSUFFICIENT_DATA'],
      ['breaching', 'no recent', undefined, 'ALARM'],
      ['notBreaching', 'no recent', undefined, 'OK'],
    ])('TreatMissingData %s with %s data, previously %s: %s', (treatMissingData, data, previous, state) => {
      const metrics = lambdaTraffic(DATA[data]!);

      expect(evaluateAlarm(alarm(treatMissingData as MetricAlarmSpec['TreatMissingData']), NOW, (query) => metrics.query(query), previous).state).toBe(state);
    });

    it('needs every evaluation period to breach when DatapointsToAlarm is absent', () => {
      const metrics = lambdaTraffic([[2, 9, 0], [3, 9, 0], [4, 1, 0]]);
      const { DatapointsToAlarm: _omitted, ...everyPeriod } = alarm('notBreaching');

      expect(evaluateAlarm(everyPeriod, NOW, (query) => metrics.query(query)).state).toBe('OK');
      expect(evaluateAlarm(alarm('notBreaching'), NOW, (query) => metrics.query(query)).state).toBe('ALARM');
    });

    // Specs CloudWatch would take but the local stage refuses, or that a caller got wrong: typed loosely on purpose.
    it.each<[string, Record<string, unknown>, string]>([
      ['an anomaly-detection operator', { ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }, 'comparison operator LessThanLowerOrGreaterThanUpperThreshold is not supported'],
      ['no statistic', { Statistic: undefined }, 'Statistic or ExtendedStatistic is required'],
      ['no threshold', { Threshold: undefined }, 'Threshold is required'],
    ])('fails when the alarm has %s', (_case, change, message) => {
      expect(() => evaluateAlarm({ ...alarm('notBreaching'), ...change } as MetricAlarmSpec, NOW, () => [])).toThrow(`alarm busy: ${message}`);
    });
  });
});
