import { describe, expect, it } from 'vitest';
import { alarmReleaseId, alarmThresholdsSchema, releaseAlarmNames, releaseAlarmSpecs, type AlarmThresholds } from '../../../functions/release/alarm-specs';

const thresholds: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 3000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
const request = { releaseId: 'rel-42', functionName: 'assistant', alias: 'live', candidateVersion: '8' };
const lambdaDimensions = [
  { Name: 'FunctionName', Value: 'assistant' },
  { Name: 'Resource', Value: 'assistant:live' },
  { Name: 'ExecutedVersion', Value: '8' },
];
const common = { EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching', Tags: [{ Key: 'evalgate:release', Value: 'rel-42' }] };
const sum = (metricName: string) => ({
  MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: lambdaDimensions }, Period: 60, Stat: 'Sum' },
  ReturnData: false,
});

describe('releaseAlarmSpecs', () => {
  it('defines the error-rate, p99 and live-score alarms of the candidate', () => {
    // Act
    const specs = releaseAlarmSpecs(request, thresholds);

    // Assess
    expect(specs).toEqual([
      {
        ...common,
        AlarmName: 'evalgate-rel-42-errors',
        AlarmDescription: 'evalgate release rel-42: error rate above 0.05 of assistant version 8 behind alias live',
        Metrics: [
          { Id: 'errors', ...sum('Errors') },
          { Id: 'invocations', ...sum('Invocations') },
          { Id: 'errorRate', Expression: 'IF(invocations > 0, errors / invocations, 0)', Label: 'error rate', ReturnData: true },
        ],
        Threshold: 0.05,
        ComparisonOperator: 'GreaterThanThreshold',
      },
      {
        ...common,
        AlarmName: 'evalgate-rel-42-p99',
        AlarmDescription: 'evalgate release rel-42: p99 duration above 3000 ms of assistant version 8 behind alias live',
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: lambdaDimensions,
        ExtendedStatistic: 'p99',
        Period: 60,
        EvaluateLowSampleCountPercentile: 'evaluate',
        Threshold: 3000,
        ComparisonOperator: 'GreaterThanThreshold',
      },
      {
        ...common,
        AlarmName: 'evalgate-rel-42-live-score',
        AlarmDescription: 'evalgate release rel-42: live eval pass rate below 0.8 of assistant version 8 behind alias live',
        Namespace: 'Evalgate',
        MetricName: 'LiveEvalPass',
        Dimensions: [
          { Name: 'service', Value: 'evalgate-live-score' },
          { Name: 'FunctionName', Value: 'assistant' },
          { Name: 'Version', Value: '8' },
          { Name: 'Traffic', Value: 'live' },
        ],
        Statistic: 'Average',
        Period: 60,
        Threshold: 0.8,
        ComparisonOperator: 'LessThanThreshold',
      },
    ]);
  });

  it('uses the sanitised release id in names and tags, the original in descriptions', () => {
    // Act
    const specs = releaseAlarmSpecs({ ...request, releaseId: 'manual run #3' }, thresholds);

    // Assess
    expect(specs.map((spec) => spec.AlarmName)).toEqual(['evalgate-manual-run--3-errors', 'evalgate-manual-run--3-p99', 'evalgate-manual-run--3-live-score']);
    expect(specs[0]!.Tags).toEqual([{ Key: 'evalgate:release', Value: 'manual-run--3' }]);
    expect(specs[0]!.AlarmDescription).toMatch(/^evalgate release manual run #3: /);
  });
});

describe('releaseAlarmNames', () => {
  it.each(['r-1', 'manual run #3', 'x'.repeat(400)])('names the alarms releaseAlarmSpecs creates for %j', (releaseId) => {
    expect(releaseAlarmNames(releaseId)).toEqual(releaseAlarmSpecs({ ...request, releaseId }, thresholds).map((spec) => spec.AlarmName));
  });
});

describe('alarmReleaseId', () => {
  it.each([
    ['pipeline-7f3c2a1-1718000000', 'pipeline-7f3c2a1-1718000000'],
    ['release 7/assistant', 'release-7-assistant'],
    ['é{}*', '----'],
    ['a:b=c+d@e_f.g', 'a:b=c+d@e_f.g'],
  ])('turns %j into %j', (releaseId, expected) => {
    expect(alarmReleaseId(releaseId)).toBe(expected);
  });

  it('keeps the longest alarm name within 255 characters', () => {
    // Act
    const specs = releaseAlarmSpecs({ ...request, releaseId: 'x'.repeat(400) }, thresholds);

    // Assess
    expect(Math.max(...specs.map((spec) => spec.AlarmName!.length))).toBe(255);
  });
});

describe('alarmThresholdsSchema', () => {
  it('accepts thresholds within the limits', () => {
    expect(alarmThresholdsSchema.parse(thresholds)).toEqual(thresholds);
  });

  it.each([
    ['an error rate above 1', { errorRate: 5 }, 'errorRate'],
    ['a live score below 0', { liveScore: -0.1 }, 'liveScore'],
    ['a zero p99', { p99DurationMs: 0 }, 'p99DurationMs'],
    ['a period shorter than a minute', { periodSeconds: 30 }, 'periodSeconds'],
    ['a period that is not whole minutes', { periodSeconds: 90 }, 'periodSeconds'],
    ['fractional evaluation periods', { evaluationPeriods: 1.5 }, 'evaluationPeriods'],
    ['more datapoints than periods', { datapointsToAlarm: 4 }, 'datapointsToAlarm'],
    ['an evaluation window over a day', { periodSeconds: 3600, evaluationPeriods: 25, datapointsToAlarm: 1 }, 'evaluationPeriods'],
    ['an unknown key', { errorRatio: 0.1 }, ''],
  ])('fails when given %s', (_name, change, path) => {
    // Act
    const parsed = alarmThresholdsSchema.safeParse({ ...thresholds, ...change });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
