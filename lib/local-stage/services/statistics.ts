/**
 * CloudWatch statistics: raw datapoints grouped into periods aligned to epoch multiples of the period, and a
 * statistic per period. Percentiles use the nearest rank, so p99 of 10 values is the largest: a small canary's
 * slowest request is not averaged away.
 */

export interface Datapoint {
  readonly timestamp: Date;
  readonly value: number;
}

/** 'Sum' | 'Average' | 'SampleCount' | 'Maximum' | 'Minimum', or an extended statistic 'pNN' / 'pNN.N'. */
export type Statistic = 'Sum' | 'Average' | 'SampleCount' | 'Maximum' | 'Minimum' | `p${number}`;

const PERCENTILE = /^p(\d{1,3}(?:\.\d+)?)$/;

/** Refuses a statistic CloudWatch does not know, naming it. */
export function assertStatistic(stat: string): asserts stat is Statistic {
  if (['Sum', 'Average', 'SampleCount', 'Maximum', 'Minimum'].includes(stat)) return;
  const percentile = PERCENTILE.exec(stat);
  if (percentile && Number(percentile[1]) > 0 && Number(percentile[1]) <= 100) return;
  throw new RangeError(`statistic must be Sum, Average, SampleCount, Maximum, Minimum or a percentile p0.1 to p100, got: ${stat}`);
}

/**
 * @example
 * statistic([1, 2, 3, 4], 'Average'); // 2.5
 * statistic([120, 80, 4000], 'p99');  // 4000
 */
export function statistic(values: readonly number[], stat: Statistic): number {
  if (values.length === 0) throw new RangeError('a statistic needs at least one value');
  switch (stat) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'SampleCount':
      return values.length;
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    default: {
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.ceil((Number(stat.slice(1)) / 100) * sorted.length);
      return sorted[Math.max(0, rank - 1)]!;
    }
  }
}

/**
 * One datapoint per period that has data, oldest first; periods without data are absent, as in CloudWatch. The
 * period containing `start` counts; `end` is exclusive.
 *
 * @example
 * aggregate([[60_000, 2], [61_000, 4]], { stat: 'Average', periodSeconds: 60, start: new Date(0), end: new Date(120_000) });
 * // [{ timestamp: new Date(60_000), value: 3 }]
 */
export function aggregate(
  points: Iterable<readonly [time: number, value: number]>,
  query: { readonly stat: string; readonly periodSeconds: number; readonly start: Date; readonly end: Date },
): Datapoint[] {
  const { stat, periodSeconds } = query;
  assertStatistic(stat);
  if (!Number.isInteger(periodSeconds) || periodSeconds < 1) throw new RangeError(`periodSeconds must be a positive integer, got: ${periodSeconds}`);
  const periodMs = periodSeconds * 1000;
  const start = Math.floor(query.start.getTime() / periodMs) * periodMs;
  const end = query.end.getTime();
  const periods = new Map<number, number[]>();
  for (const [time, value] of points) {
    if (time < start || time >= end) continue;
    const period = Math.floor(time / periodMs) * periodMs;
    const values = periods.get(period);
    if (values) values.push(value);
    else periods.set(period, [value]);
  }
  return [...periods.entries()].sort(([a], [b]) => a - b).map(([period, values]) => ({ timestamp: new Date(period), value: statistic(values, stat) }));
}
