/**
 * Live traffic for the local stage: production inputs (a team's JSONL file or folder of them, else the inputs of
 * its suites) replayed through the alias, each
 * request routed by the alias weights to a version, as Lambda routes it. The versions' own live-score middleware
 * grades the responses; this driver adds what Lambda itself reports (AWS/Lambda Invocations, Errors, Duration per
 * ExecutedVersion), at the simulated time of each request.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Suite } from '../../evals/engine/suite/model';
import { z } from 'zod';
import type { LocalWorld } from './services';
import type { LocalAppInvoker } from './app-invoker';

/** One production request: its input and, optionally, the vars the app reads (`task` is short for `vars.task`). */
const sampleSchema = z.strictObject({
  id: z.string().min(1).optional(),
  input: z.string().min(1),
  vars: z.record(z.string(), z.unknown()).optional(),
  task: z.string().min(1).optional(),
});
export interface TrafficSample {
  readonly id: string;
  readonly input: string;
  readonly vars: Readonly<Record<string, unknown>>;
}

/**
 * Reads a `*.jsonl` file, or every one of a folder; one JSON object per line. A bad line is refused with its
 * file:line and what is allowed.
 *
 * @example
 * loadTraffic('evals/traffic'); // [{ id: 'sum-001', input: 'Summarize: ...', vars: {} }, ...]
 */
export function loadTraffic(path: string): TrafficSample[] {
  const samples: TrafficSample[] = [];
  const isDir = statSync(path).isDirectory();
  const files = isDir ? readdirSync(path).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(path, f)) : [path];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new TrafficError(`${where}: not a JSON object; each line is { "input": "...", "vars"?: {...}, "id"?: "...", "task"?: "..." }`);
      }
      const sample = sampleSchema.safeParse(parsed);
      if (!sample.success) {
        const issue = sample.error.issues[0]!;
        throw new TrafficError(`${where}: ${issue.path.join('.') || 'line'}: ${issue.message}; each line is { "input": "...", "vars"?: {...}, "id"?: "...", "task"?: "..." }`);
      }
      const { id, input, vars, task } = sample.data;
      samples.push({ id: id ?? where, input, vars: { ...vars, ...(task === undefined ? {} : { task }) } });
    });
  }
  if (samples.length === 0) throw new TrafficError(`${path} holds no traffic${isDir ? ' (*.jsonl files)' : ''}`);
  return samples;
}

/** Without production inputs, the suites' own cases stand in for them. */
export function trafficFromSuites(suites: readonly Suite[]): TrafficSample[] {
  return suites.flatMap((suite) => suite.cases.map((c) => ({ id: `${suite.name}/${c.id}`, input: c.input, vars: c.vars })));
}

export class TrafficError extends Error {
  override readonly name = 'TrafficError';
}

/** mulberry32: deterministic runs, so a scenario replays the same requests to the same versions every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrafficOptions {
  readonly functionName: string;
  readonly alias: string;
  readonly requestsPerMinute: number;
  readonly seed?: number;
}

export interface WindowTraffic {
  readonly requests: number;
  /** Requests, errors and live-check failures per version. */
  readonly byVersion: Readonly<Record<string, { requests: number; errors: number }>>;
}

export class LiveTraffic {
  private cursor = 0;
  private readonly random: () => number;
  /** The simulated time of the live request in flight, if any: its metrics are stamped with it. */
  current: Date | undefined;

  constructor(
    private readonly world: LocalWorld,
    private readonly invoker: LocalAppInvoker,
    private readonly samples: readonly TrafficSample[],
    private readonly options: TrafficOptions,
  ) {
    this.random = seeded(options.seed ?? 20241120);
  }

  /** Replays the traffic of `[start, start + ms)` at the configured rate. */
  async replay(start: Date, ms: number): Promise<WindowTraffic> {
    const target = { functionName: this.options.functionName, alias: this.options.alias };
    const count = Math.max(1, Math.round((this.options.requestsPerMinute * ms) / 60_000));
    const byVersion: Record<string, { requests: number; errors: number }> = {};
    for (let i = 0; i < count; i += 1) {
      this.current = new Date(start.getTime() + Math.floor((i * ms) / count));
      const sample = this.samples[this.cursor++ % this.samples.length]!;
      const version = this.world.router.route(target, this.random());
      const tally = (byVersion[version] ??= { requests: 0, errors: 0 });
      tally.requests += 1;
      let duration = 0;
      let failed = false;
      try {
        const response = await this.invoker.invokeAs(target.functionName, version, { input: sample.input, vars: sample.vars, caseId: sample.id }, { qualifier: target.alias });
        duration = response.latencyMs ?? 0;
      } catch {
        failed = true;
        tally.errors += 1;
      }
      this.recordInvocation(version, duration, failed, this.current);
    }
    this.current = undefined;
    return { requests: count, byVersion };
  }

  private recordInvocation(version: string, durationMs: number, failed: boolean, at: Date): void {
    const dimensions = { FunctionName: this.options.functionName, Resource: `${this.options.functionName}:${this.options.alias}`, ExecutedVersion: version };
    this.world.metrics.putAll([
      { namespace: 'AWS/Lambda', name: 'Invocations', dimensions, value: 1, unit: 'Count', timestamp: at },
      { namespace: 'AWS/Lambda', name: 'Errors', dimensions, value: failed ? 1 : 0, unit: 'Count', timestamp: at },
      { namespace: 'AWS/Lambda', name: 'Duration', dimensions, value: durationMs, unit: 'Milliseconds', timestamp: at },
    ]);
  }
}
