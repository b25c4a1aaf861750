/**
 * Evaluates a metric alarm, given as its PutMetricAlarm input, the way CloudWatch does at a moment in time: the last
 * `EvaluationPeriods` complete periods, each breaching or not per `ComparisonOperator` and `Threshold`, ALARM when at
 * least `DatapointsToAlarm` of them breach. Pure: the datapoints come from `source`, so the rules are table-tested
 * without files or clocks.
 *
 * Missing periods follow `TreatMissingData`: notBreaching and breaching count them as such; missing and ignore skip
 * them, and when nothing is left the alarm is INSUFFICIENT_DATA (missing) or keeps its state (ignore). An alarm
 * whose metrics never had any datapoint is INSUFFICIENT_DATA whatever it treats missing data as: that is the
 * state a new CloudWatch alarm shows until its metric exists.
 */
import type { Dimension, MetricAlarmSpec, MetricDataQuery } from '../../../functions/release/alarm-specs';
import type { AlarmState } from '../../../functions/ports/health-source';
import { compileMetricExpression } from './metric-math';
import type { Datapoint, MetricQuery } from './metrics';

export type MetricSource = (query: MetricQuery) => readonly Datapoint[];

export interface AlarmEvaluation {
  readonly state: AlarmState['state'];
  readonly reason: string;
}

type SeriesQuery = Omit<MetricQuery, 'start' | 'end'>;

/** The metric queries of an alarm and how their values per period combine into the alarm's value. */
interface AlarmSeries {
  readonly periodSeconds: number;
  readonly queries: readonly SeriesQuery[];
  readonly combine: (values: ReadonlyArray<ReadonlyMap<number, number>>) => Map<number, number>;
}

const COMPARISONS: Readonly<Record<string, { readonly words: string; readonly breaches: (value: number, threshold: number) => boolean }>> = {
  GreaterThanThreshold: { words: 'greater than', breaches: (v, t) => v > t },
  GreaterThanOrEqualToThreshold: { words: 'greater than or equal to', breaches: (v, t) => v >= t },
  LessThanThreshold: { words: 'less than', breaches: (v, t) => v < t },
  LessThanOrEqualToThreshold: { words: 'less than or equal to', breaches: (v, t) => v <= t },
};

const format = (value: number) => String(Number(value.toFixed(4)));

/**
 * @example
 * evaluateAlarm(releaseAlarmSpecs(request, thresholds)[0]!, clock.now(), (query) => metrics.query(query));
 * // { state: 'ALARM', reason: 'Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (0.05) ...' }
 */
export function evaluateAlarm(spec: MetricAlarmSpec, now: Date, source: MetricSource, previous?: AlarmState['state']): AlarmEvaluation {
  const comparison = COMPARISONS[spec.ComparisonOperator ?? ''];
  if (!comparison) throw new RangeError(`alarm ${spec.AlarmName}: comparison operator ${spec.ComparisonOperator} is not supported on the local stage`);
  const threshold = required(spec.Threshold, spec, 'Threshold');
  const evaluationPeriods = required(spec.EvaluationPeriods, spec, 'EvaluationPeriods');
  const datapointsToAlarm = spec.DatapointsToAlarm ?? evaluationPeriods;
  const series = alarmSeries(spec);
  const periodMs = series.periodSeconds * 1000;
  // Only complete periods: the current one is still filling.
  const end = Math.floor(now.getTime() / periodMs) * periodMs;
  const start = end - evaluationPeriods * periodMs;

  if (!series.queries.some((query) => source({ ...query, stat: 'SampleCount', start: new Date(0), end: new Date(end) }).length > 0)) {
    return { state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: no datapoint of ${series.queries.map((q) => q.name).join(', ')} yet` };
  }
  const values = series.combine(series.queries.map((query) => new Map(source({ ...query, start: new Date(start), end: new Date(end) }).map((p) => [p.timestamp.getTime(), p.value]))));
  const periods = Array.from({ length: evaluationPeriods }, (_, i) => start + i * periodMs).map((time) => ({ time, value: values.get(time) }));
  const treatMissing = spec.TreatMissingData ?? 'missing';
  const verdicts = periods.map(({ value }) =>
    value !== undefined ? comparison.breaches(value, threshold) : treatMissing === 'breaching' ? true : treatMissing === 'notBreaching' ? false : undefined,
  );
  const listed = periods.map(({ time, value }) => `${value === undefined ? 'no data' : format(value)} (${new Date(time).toISOString()})`).join(', ');
  if (verdicts.every((verdict) => verdict === undefined)) {
    const reason = `Insufficient Data: no datapoint in the last ${evaluationPeriods} periods of ${series.periodSeconds}s`;
    return treatMissing === 'ignore' && previous ? { state: previous, reason: `${reason}; state kept (TreatMissingData ignore)` } : { state: 'INSUFFICIENT_DATA', reason };
  }
  const breaching = verdicts.filter((verdict) => verdict === true).length;
  return {
    state: breaching >= datapointsToAlarm ? 'ALARM' : 'OK',
    reason:
      `Threshold Crossed: ${breaching} out of the last ${evaluationPeriods} datapoints were ${comparison.words} the threshold (${format(threshold)}) ` +
      `(minimum ${datapointsToAlarm} for ALARM): [${listed}]`,
  };
}

function alarmSeries(spec: MetricAlarmSpec): AlarmSeries {
  if (spec.Metrics && spec.Metrics.length > 0) return mathSeries(spec, spec.Metrics);
  const stat = spec.ExtendedStatistic ?? spec.Statistic;
  if (stat === undefined) throw new RangeError(`alarm ${spec.AlarmName}: Statistic or ExtendedStatistic is required`);
  const query: SeriesQuery = {
    namespace: required(spec.Namespace, spec, 'Namespace'),
    name: required(spec.MetricName, spec, 'MetricName'),
    dimensions: dimensionsOf(spec.Dimensions),
    stat,
    periodSeconds: required(spec.Period, spec, 'Period'),
  };
  return { periodSeconds: query.periodSeconds, queries: [query], combine: ([values]) => new Map(values) };
}

/** A metric-math alarm: MetricStat queries by id, and the one query returning data (an expression over those ids). */
function mathSeries(spec: MetricAlarmSpec, metrics: readonly MetricDataQuery[]): AlarmSeries {
  const stats = metrics.filter((m) => m.MetricStat);
  const ids = stats.map((m) => required(m.Id, spec, 'Metrics[].Id'));
  const returned = metrics.filter((m) => m.ReturnData !== false);
  if (returned.length !== 1) throw new RangeError(`alarm ${spec.AlarmName}: exactly one metric query must return data, got: ${returned.length}`);
  const queries = stats.map(({ MetricStat: stat }) => ({
    namespace: required(stat!.Metric?.Namespace, spec, 'MetricStat.Metric.Namespace'),
    name: required(stat!.Metric?.MetricName, spec, 'MetricStat.Metric.MetricName'),
    dimensions: dimensionsOf(stat!.Metric?.Dimensions),
    stat: required(stat!.Stat, spec, 'MetricStat.Stat'),
    periodSeconds: required(stat!.Period, spec, 'MetricStat.Period'),
  }));
  const periods = new Set(queries.map((q) => q.periodSeconds));
  if (periods.size !== 1) throw new RangeError(`alarm ${spec.AlarmName}: its metric queries must share one period, got: ${[...periods].join(', ')}`);
  const expression = returned[0]!.Expression
    ? compileMetricExpression(returned[0]!.Expression, ids)
    : compileMetricExpression(required(returned[0]!.Id, spec, 'Metrics[].Id'), ids);
  return {
    periodSeconds: queries[0]!.periodSeconds,
    queries,
    combine: (values) => {
      const result = new Map<number, number>();
      for (const time of new Set(values.flatMap((byTime) => [...byTime.keys()]))) {
        const value = expression((id) => values[ids.indexOf(id)]?.get(time));
        if (value !== undefined) result.set(time, value);
      }
      return result;
    },
  };
}

function dimensionsOf(dimensions: readonly Dimension[] | undefined): Record<string, string> {
  return Object.fromEntries((dimensions ?? []).map(({ Name, Value }) => [Name ?? '', Value ?? '']));
}

function required<T>(value: T | undefined, spec: MetricAlarmSpec, field: string): T {
  if (value === undefined) throw new RangeError(`alarm ${spec.AlarmName}: ${field} is required`);
  return value;
}
