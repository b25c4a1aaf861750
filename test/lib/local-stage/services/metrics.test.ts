import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_INTERVAL_MS, LocalMetrics, type MetricQuery } from '../../../../lib/local-stage/services/metrics';
import { LIVE_SCORE, liveScoreDimensions } from '../../../../functions/runtime/live-score-metrics';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const metricsIn = (dir: string, retentionDays?: number) =>
  new LocalMetrics(join(dir, 'metrics.jsonl'), retentionDays === undefined ? {} : { retentionDays });
const at = (time: string) => new Date(`2025-01-01T${time}Z`);
const LAMBDA = { FunctionName: 'assistant', Resource: 'assistant:live', ExecutedVersion: '6' };
const duration = (time: string, value: number, dimensions: Record<string, string> = LAMBDA) => ({ namespace: 'AWS/Lambda', name: 'Duration', dimensions, value, unit: 'Milliseconds', timestamp: at(time) });
const query = (overrides: Partial<MetricQuery> = {}): MetricQuery => ({
  namespace: 'AWS/Lambda',
  name: 'Duration',
  dimensions: LAMBDA,
  stat: 'Sum',
  periodSeconds: 60,
  start: at('10:00:00'),
  end: at('11:00:00'),
  ...overrides,
});

describe('LocalMetrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['Sum', [60, 5]],
    ['SampleCount', [3, 1]],
    ['Average', [20, 5]],
    ['Minimum', [10, 5]],
    ['Maximum', [30, 5]],
    ['p50', [20, 5]],
    ['p99', [30, 5]],
  ])('aggregates %s per period aligned to the epoch', (stat, values) => {
    // Prepare
    const metrics = metricsIn(tempDir());
    metrics.putAll([duration('10:01:00', 10), duration('10:01:30', 20), duration('10:01:59.999', 30), duration('10:03:10', 5)]);

    // Act
    const points = metrics.query(query({ stat }));

    // Assess
    expect(points).toEqual([
      { timestamp: at('10:01:00'), value: values[0] },
      { timestamp: at('10:03:00'), value: values[1] },
    ]);
  });

  it('computes a nearest-rank percentile, so few samples give their slowest', () => {
    const metrics = metricsIn(tempDir());
    metrics.putAll(Array.from({ length: 100 }, (_, i) => duration('10:01:00', i + 1)));

    expect(metrics.query(query({ stat: 'p99' }))[0]!.value).toBe(99);
    expect(metrics.query(query({ stat: 'p99.9' }))[0]!.value).toBe(100);
    expect(metrics.query(query({ stat: 'p10' }))[0]!.value).toBe(10);
  });

  it('matches dimensions exactly, in any order', () => {
    // Prepare
    const metrics = metricsIn(tempDir());
    metrics.put(duration('10:01:00', 10));
    metrics.put(duration('10:01:00', 1000, { FunctionName: 'assistant' }));
    metrics.put(duration('10:01:00', 2000, { ...LAMBDA, Extra: 'x' }));

    // Act
    const reordered = metrics.query(query({ dimensions: { ExecutedVersion: '6', Resource: 'assistant:live', FunctionName: 'assistant' } }));
    const subset = metrics.query(query({ dimensions: { FunctionName: 'assistant' } }));
    const otherValue = metrics.query(query({ dimensions: { ...LAMBDA, ExecutedVersion: '5' } }));

    // Assess
    expect(reordered).toEqual([{ timestamp: at('10:01:00'), value: 10 }]);
    expect(subset).toEqual([{ timestamp: at('10:01:00'), value: 1000 }]);
    expect(otherValue).toEqual([]);
  });

  it('reads from the period containing start up to end, exclusive', () => {
    const metrics = metricsIn(tempDir());
    metrics.putAll([duration('10:00:59', 1), duration('10:01:10', 2), duration('10:02:00', 4)]);

    expect(metrics.query(query({ start: at('10:01:30'), end: at('10:02:00') }))).toEqual([{ timestamp: at('10:01:00'), value: 2 }]);
  });

  it('keeps datapoints across instances and drops those older than the retention', () => {
    // Prepare
    const dir = tempDir();
    const metrics = metricsIn(dir, 1);
    metrics.put(duration('10:00:00', 1));

    // Act
    metrics.put({ ...duration('10:00:00', 2), timestamp: new Date('2025-01-02T10:00:01Z') });
    metrics.flush();

    // Assess
    const all = query({ start: at('00:00:00'), end: new Date('2025-01-03T00:00:00Z') });
    expect(metricsIn(dir, 1).query(all)).toEqual([{ timestamp: new Date('2025-01-02T10:00:00Z'), value: 2 }]);
    expect(metricsIn(dir, 2).query(all)).toHaveLength(2);
  });

  it('appends what it writes, one datapoint a line, and never rewrites what is there', () => {
    // Prepare
    const dir = tempDir();
    const path = join(dir, 'metrics.jsonl');
    const metrics = metricsIn(dir);
    metrics.put(duration('10:00:00', 1));
    metrics.flush();
    const first = readFileSync(path, 'utf8');

    // Act
    metrics.putAll([duration('10:01:00', 2), duration('10:02:00', 3)]);
    metrics.flush();

    // Assess
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(first)).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(metricsIn(dir).query(query({ stat: 'SampleCount', periodSeconds: 3600 }))).toEqual([{ timestamp: at('10:00:00'), value: 3 }]);
  });

  it('compacts the file once most of its lines are past the retention', () => {
    // Prepare: 10,000 points on the first day, then one a day later (retention 1 day).
    const dir = tempDir();
    const path = join(dir, 'metrics.jsonl');
    const metrics = metricsIn(dir, 1);
    metrics.putAll(Array.from({ length: 10_000 }, (_, i) => duration('10:00:00', i)));
    metrics.flush();

    // Act
    metrics.put({ ...duration('10:00:00', 7), timestamp: new Date('2025-01-03T10:00:00Z') });
    metrics.flush();

    // Assess
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(1);
    const all = query({ start: at('00:00:00'), end: new Date('2025-01-04T00:00:00Z'), stat: 'SampleCount' });
    expect(metricsIn(dir, 1).query(all)).toEqual([{ timestamp: new Date('2025-01-03T10:00:00Z'), value: 1 }]);
  });

  it('names the line of a file that is not metrics', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'metrics.jsonl'), '["AWS/Lambda","Duration",{},1,2]\nnot json\n');
    expect(() => metricsIn(dir).query(query())).toThrow(/metrics\.jsonl:2 is not a metric datapoint/);
  });

  it('buffers datapoints and writes them together, at the latest after the flush interval', async () => {
    // Prepare
    const dir = tempDir();
    const metrics = metricsIn(dir);
    const path = join(dir, 'metrics.jsonl');

    // Act
    for (let i = 0; i < 50; i += 1) metrics.put(duration('10:01:00', i));
    const beforeInterval = existsSync(path);
    await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 50));

    // Assess
    expect(beforeInterval).toBe(false);
    expect(metricsIn(dir).query(query({ stat: 'SampleCount' }))).toEqual([{ timestamp: at('10:01:00'), value: 50 }]);
  });

  it('sees its own buffered datapoints in a query', () => {
    const metrics = metricsIn(tempDir());
    metrics.put(duration('10:01:00', 7));

    expect(metrics.query(query())).toEqual([{ timestamp: at('10:01:00'), value: 7 }]);
  });

  it.each([['p0'], ['p101'], ['Median'], ['P99']])('fails when the statistic is %s', (stat) => {
    expect(() => metricsIn(tempDir()).query(query({ stat }))).toThrow(`got: ${stat}`);
  });

  it('fails when a value is not finite', () => {
    expect(() => metricsIn(tempDir()).put(duration('10:00:00', Number.POSITIVE_INFINITY))).toThrow('metric Duration: value must be a finite number, got: Infinity');
  });

  it('ingests the EMF line Powertools Metrics writes, at the simulated time', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const emitter = new Metrics({ namespace: LIVE_SCORE.namespace, serviceName: LIVE_SCORE.service });
    // Powertools adds the service dimension itself, from serviceName.
    const { service: _service, ...dimensionsButService } = liveScoreDimensions('assistant', '6', 'eval');
    emitter.addDimensions(dimensionsButService);
    emitter.addMetric(LIVE_SCORE.metrics.pass, MetricUnit.Count, 1);
    emitter.addMetric(LIVE_SCORE.metrics.latency, MetricUnit.Milliseconds, 120);
    emitter.addMetric(LIVE_SCORE.metrics.latency, MetricUnit.Milliseconds, 80);
    emitter.publishStoredMetrics();
    vi.restoreAllMocks();
    const metrics = metricsIn(tempDir());

    // Act
    const stored = lines.reduce((sum, line) => sum + metrics.ingestEmf(line.trim(), at('10:05:30')), 0);

    // Assess
    expect(stored).toBe(3);
    const dimensions = liveScoreDimensions('assistant', '6', 'eval');
    const live = { namespace: LIVE_SCORE.namespace, dimensions, periodSeconds: 60, start: at('10:00:00'), end: at('10:10:00') };
    expect(metrics.query({ ...live, name: LIVE_SCORE.metrics.pass, stat: 'SampleCount' })).toEqual([{ timestamp: at('10:05:00'), value: 1 }]);
    expect(metrics.query({ ...live, name: LIVE_SCORE.metrics.latency, stat: 'Average' })).toEqual([{ timestamp: at('10:05:00'), value: 100 }]);
  });

  it.each([['START RequestId: 1 Version: 6'], ['{"level":"INFO","message":"answered"}'], ['{"_aws":']])('ignores a line that is not EMF: %s', (line) => {
    const metrics = metricsIn(tempDir());

    expect(metrics.ingestEmf(line, at('10:00:00'))).toBe(0);
  });
});
