/**
 * A CloudWatch-shaped metric store on the local stage (metrics.jsonl): raw datapoints per metric (namespace, name
 * and exact dimension set, as CloudWatch identifies a metric), aggregated at query time into periods aligned to
 * epoch multiples of the period. Points older than the retention, counted back from the newest point, are out of
 * every query: alarms look back one day at most.
 *
 * The file is append-only, one datapoint a line: a write appends the points buffered since the last one (at most
 * every {@link FLUSH_INTERVAL_MS}, before a query, on {@link LocalMetrics.flush} and when the process exits), and
 * the points stay indexed in memory by metric. A traffic simulation putting tens of thousands of points costs a
 * few small appends, never a rewrite of what is there. The file is compacted (rewritten without expired points)
 * once it holds more expired lines than live ones.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './json-file';
import { parseEmf } from './emf';
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
  /** [epoch ms, value], in the order written. */
  readonly points: Array<[number, number]>;
}

/** One line of metrics.jsonl: `[namespace, name, dimensions, epoch ms, value]` (queries ask no unit, as alarms do not). */
type Line = [string, string, Record<string, string>, number, number];

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
 * const metrics = new LocalMetrics('.evalgate/metrics.jsonl');
 * metrics.put({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, value: 1, timestamp: clock.now() });
 * metrics.query({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'assistant' }, stat: 'Sum', periodSeconds: 60, start, end });
 */
export class LocalMetrics {
  private readonly retentionMs: number;
  private pending: MetricDatum[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private index: Map<string, Series> | undefined;
  private newest = 0;
  private lines = 0;

  constructor(
    private readonly path: string,
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
    const index = this.load();
    const lines = data.map(({ namespace, name, dimensions, value, timestamp }): Line => {
      const line: Line = [namespace, name, { ...dimensions }, timestamp.getTime(), value];
      this.add(index, line);
      return line;
    });
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    this.lines += lines.length;
    this.compactIfMostlyExpired(index);
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
    const series = this.load().get(seriesKey(query.namespace, query.name, query.dimensions));
    const cutoff = this.newest - this.retentionMs;
    const points = series?.points ?? [];
    return aggregate(points.filter(([time]) => time >= cutoff), query);
  }

  private load(): Map<string, Series> {
    if (this.index) return this.index;
    const index = new Map<string, Series>();
    if (existsSync(this.path)) {
      const text = readFileSync(this.path, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (line === '') return;
        try {
          this.add(index, JSON.parse(line) as Line);
        } catch (error) {
          throw new Error(`${this.path}:${i + 1} is not a metric datapoint (delete the file to start the local stage's metrics afresh): ${(error as Error).message}`, { cause: error });
        }
        this.lines += 1;
      });
    }
    this.index = index;
    return index;
  }

  private add(index: Map<string, Series>, [namespace, name, dimensions, time, value]: Line): void {
    const key = seriesKey(namespace, name, dimensions);
    let series = index.get(key);
    if (!series) index.set(key, (series = { namespace, name, dimensions, points: [] }));
    series.points.push([time, value]);
    this.newest = Math.max(this.newest, time);
  }

  /** Rewrites the file without expired points once they are the majority of its lines (retention as CloudWatch's). */
  private compactIfMostlyExpired(index: Map<string, Series>): void {
    if (this.lines < 10_000) return;
    const cutoff = this.newest - this.retentionMs;
    const kept = new Map<string, Series>();
    let count = 0;
    for (const [key, series] of index) {
      const points = series.points.filter(([time]) => time >= cutoff);
      count += points.length;
      if (points.length > 0) kept.set(key, { ...series, points });
    }
    if (count * 2 > this.lines) return;
    const lines = [...kept.values()].flatMap((series) => series.points.map(([time, value]) => JSON.stringify([series.namespace, series.name, series.dimensions, time, value])));
    writeFileAtomic(this.path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    this.index = kept;
    this.lines = lines.length;
  }
}
