/**
 * A CloudWatch-shaped metric store on the local stage (metrics.json): raw datapoints per metric (namespace, name and
 * exact dimension set, as CloudWatch identifies a metric), aggregated at query time into periods aligned to epoch
 * multiples of the period. Points older than the retention, counted back from the newest point, are dropped on
 * write: alarms look back one day at most.
 *
 * The whole file is rewritten on a write, so datapoints are buffered and written together: at most every
 * {@link FLUSH_INTERVAL_MS}, before a query, on {@link LocalMetrics.flush} and when the process exits. A traffic
 * simulation putting thousands of points then costs a few writes, not one per point (which took seconds).
 */
import { parseEmf } from './emf';
import type { JsonFile } from './json-file';
import { aggregate, type Datapoint } from './statistics';

export type { Datapoint };

export interface MetricDatum {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  readonly unit?: string;
  readonly timestamp: Date;
}

export interface MetricQuery {
  readonly namespace: string;
  readonly name: string;
  /** Matched exactly: the same names and values, no more, no fewer. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Sum, Average, SampleCount, Maximum, Minimum or a percentile such as p99. */
  readonly stat: string;
  readonly periodSeconds: number;
  /** Rounded down to its period; `end` is exclusive. */
  readonly start: Date;
  readonly end: Date;
}

interface Series {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  unit?: string;
  /** [epoch ms, value]: compact, since the whole file is rewritten on each write. */
  points: Array<[number, number]>;
}

export interface MetricsDocument {
  series: Record<string, Series>;
}

export const emptyMetrics = (): MetricsDocument => ({ series: {} });

export interface LocalMetricsOptions {
  /** Days of datapoints kept, counted back from the newest. @default 2 */
  readonly retentionDays?: number;
}

const DAY_MS = 86_400_000;
export const FLUSH_INTERVAL_MS = 100;

// Buffered points are written when the process exits, so an unreferenced flush timer never loses them.
const unflushed = new Set<LocalMetrics>();
let exitHookInstalled = false;
function flushAtExit(metrics: LocalMetrics): void {
  unflushed.add(metrics);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pending of unflushed) pending.flush();
  });
}

/** One key per metric identity; dimension order does not matter to CloudWatch, so it is sorted away. */
const seriesKey = (namespace: string, name: string, dimensions: Readonly<Record<string, string>>) =>
  JSON.stringify([namespace, name, Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/**
 * @example
 * const metrics = new LocalMetrics(new JsonFile('.evalgate/metrics.json', emptyMetrics(), { pretty: false }));
 * metrics.put({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, value: 1, timestamp: clock.now() });
 * metrics.query({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, stat: 'Sum', periodSeconds: 60, start, end });
 */
export class LocalMetrics {
  private readonly retentionMs: number;
  private pending: MetricDatum[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: JsonFile<MetricsDocument>,
    options: LocalMetricsOptions = {},
  ) {
    this.retentionMs = (options.retentionDays ?? 2) * DAY_MS;
  }

  put(datum: MetricDatum): void {
    this.putAll([datum]);
  }

  putAll(data: readonly MetricDatum[]): void {
    for (const datum of data) {
      if (!Number.isFinite(datum.value)) throw new RangeError(`metric ${datum.name}: value must be a finite number, got: ${datum.value}`);
      if (Number.isNaN(datum.timestamp.getTime())) throw new RangeError(`metric ${datum.name}: timestamp is not a valid date`);
    }
    if (data.length === 0) return;
    this.pending = this.pending.concat(data);
    flushAtExit(this);
    // Unreferenced: a pending write must not keep a finished process alive; the exit hook writes it.
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  /** Writes the buffered datapoints now (a caller about to exit the process, or another process about to read). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    unflushed.delete(this);
    const data = this.pending;
    if (data.length === 0) return;
    this.pending = [];
    this.file.update((doc) => {
      for (const { namespace, name, dimensions, value, unit, timestamp } of data) {
        const key = seriesKey(namespace, name, dimensions);
        const series = (doc.series[key] ??= { namespace, name, dimensions: { ...dimensions }, points: [] });
        if (unit !== undefined) series.unit = unit;
        series.points.push([timestamp.getTime(), value]);
      }
      prune(doc, data.reduce((newest, datum) => Math.max(newest, datum.timestamp.getTime()), 0) - this.retentionMs);
    });
  }

  /**
   * Stores the metrics of one Embedded Metric Format log line at `at` (the simulated time of the invocation, not
   * the line's own `_aws.Timestamp`). Returns the number of datapoints; a line that is not EMF stores none.
   */
  ingestEmf(line: string, at: Date): number {
    const data = parseEmf(line).flatMap((metric) =>
      metric.values.map((value) => ({ namespace: metric.namespace, name: metric.name, dimensions: metric.dimensions, value, timestamp: at, ...(metric.unit ? { unit: metric.unit } : {}) })),
    );
    this.putAll(data);
    return data.length;
  }

  /** One datapoint per period that has data, oldest first; periods without data are absent, as in CloudWatch. */
  query(query: MetricQuery): Datapoint[] {
    this.flush();
    return aggregate(this.file.read().series[seriesKey(query.namespace, query.name, query.dimensions)]?.points ?? [], query);
  }
}

function prune(doc: MetricsDocument, cutoff: number): void {
  for (const [key, series] of Object.entries(doc.series)) {
    series.points = series.points.filter(([time]) => time >= cutoff);
    if (series.points.length === 0) delete doc.series[key];
  }
}
