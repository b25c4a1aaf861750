/**
 * Live eval score: a middy middleware for the AI app under release. It grades a sample of real responses with
 * the suites' live checks (assertions that need no expected answer, see evals/engine/online.ts) and emits EMF metrics
 * per function and version, which the release's canary watches. Nothing of the user's text is logged: only which
 * checks failed. With no options it reads its checks and sample rate from the release environment, which
 * EvalGatedRelease sets on the function from the team's suites: `middy(answer).use(liveScore())`.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OnlineCheck, OnlineChecks } from '../../evals/engine/online';
import { defaultRegistry } from '../../evals/engine/assertions/registry';
import type { Grader } from '../../evals/engine/assertions/types';
import { scoreCase } from '../../evals/engine/scoring';
import type { AssertionOutcome } from '../../evals/engine/types';
import { LIVE_SCORE, liveScoreDimensions, trafficOf } from './live-score-metrics';
import { LIVE_SCORE_ENV } from './release-env';
import { z } from 'zod';

/** The target response contract (ARCHITECTURE.md): what the app's handler returns. */
export interface LiveScoreResponse {
  readonly output: string;
  readonly latencyMs?: number;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd?: number;
}

/** The parts of the Lambda context the middleware reads: which function and version answered, and through what. */
export interface LiveScoreContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
}

/**
 * A middy middleware, typed structurally so that the app needs neither @middy/core's nor aws-lambda's types from
 * evalgate: `middy(answer).use(liveScore())` accepts it as any middleware object.
 */
export interface LiveScoreMiddleware<E> {
  readonly after: (request: { readonly event: E; readonly context: LiveScoreContext; readonly response: LiveScoreResponse | null | undefined }) => Promise<void>;
}

/** What it calls on a metrics emitter: Powertools' Metrics fits (typed here so the app needs none of its types). */
export interface LiveScoreMetrics {
  addDimensions(dimensions: Record<string, string>): unknown;
  addMetric(name: string, unit: string, value: number): unknown;
  publishStoredMetrics(): unknown;
}

/** The logger lines it writes (Powertools' Logger fits). */
export interface LiveScoreLogger {
  info(message: string, extra: Record<string, unknown>): void;
}

export interface LiveScoreOptions<E> {
  /**
   * The live checks (`evalgate online-checks` writes them to evals/online-checks.json).
   * @default the EVALGATE_LIVE_CHECKS variable EvalGatedRelease sets from the suites; no checks without it
   */
  readonly checks?: OnlineChecks;
  /**
   * The task of a request, to pick the checks of its tag (e.g. the assistant's intent).
   * @default `event.vars.task`, else `event.task`, when it is a string (the eval request is `{ input, vars }`)
   */
  readonly taskOf?: (event: E) => string | undefined;
  /**
   * Share of responses graded, 0..1.
   * @default EVALGATE_LIVE_SAMPLE_RATE, else 1 (live checks are deterministic and take microseconds)
   */
  readonly sampleRate?: number;
  /**
   * Where the metrics go: a Powertools Metrics whose serviceName is LIVE_SCORE.service (the canary's queries match
   * the `service` dimension exactly).
   * @default a Metrics instance in the evalgate namespace
   */
  readonly metrics?: LiveScoreMetrics;
  /** Where the names of failed checks go (never the text). @default nowhere */
  readonly logger?: LiveScoreLogger;
  /** @default Math.random */
  readonly random?: () => number;
  /** Where the defaults are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const checkSchema = z.object({ type: z.string().min(1), value: z.unknown().optional() });
const onlineChecksSchema = z.object({ all: z.array(checkSchema), byTag: z.record(z.string(), z.array(checkSchema)) });

/** The checks of EVALGATE_LIVE_CHECKS, or none; a malformed value fails the cold start, naming the variable. */
function checksFromEnv(env: Readonly<Record<string, string | undefined>>): OnlineChecks {
  const text = env[LIVE_SCORE_ENV.checks];
  if (text === undefined || text.trim() === '') return { all: [], byTag: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${LIVE_SCORE_ENV.checks} must be the JSON of 'evalgate online-checks': ${(error as Error).message}`);
  }
  const parsed = onlineChecksSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${LIVE_SCORE_ENV.checks} must be the JSON of 'evalgate online-checks': ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data as OnlineChecks;
}

function sampleRateFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const text = env[LIVE_SCORE_ENV.sampleRate];
  return text === undefined || text.trim() === '' ? 1 : Number(text);
}

/** `vars.task` of an eval request, or `task` of an event, when a string. */
function defaultTaskOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { vars, task } = event as { vars?: { task?: unknown }; task?: unknown };
  const found = typeof vars === 'object' && vars !== null && typeof vars.task === 'string' ? vars.task : task;
  return typeof found === 'string' ? found : undefined;
}

interface CompiledCheck {
  readonly type: string;
  readonly grade: Grader;
}

function compile(checks: readonly OnlineCheck[]): CompiledCheck[] {
  return checks.map((check) => {
    const resolved = defaultRegistry.resolve(check.type);
    if (!resolved) throw new Error(`live check type '${check.type}' is not an assertion type`);
    return { type: check.type, grade: defaultRegistry.compile(resolved.handler, resolved.handler.value.parse(check.value), resolved.negate, {}) };
  });
}

/**
 * @example
 * export const handler = middy(answer).use(liveScore());
 * middy(answer).use(liveScore({ checks, taskOf: (event) => routeIntent(event.input), sampleRate: 0.2 }));
 */
// `any` by default, as middy's own middlewares: the app's handler decides the event type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function liveScore<E = any>(options: LiveScoreOptions<E> = {}): LiveScoreMiddleware<E> {
  const env = options.env ?? process.env;
  const sampleRate = options.sampleRate ?? sampleRateFromEnv(env);
  if (!(sampleRate >= 0 && sampleRate <= 1)) throw new Error(`live score sampleRate must be between 0 and 1, got: ${sampleRate}`);
  const checks = options.checks ?? checksFromEnv(env);
  const taskOf = options.taskOf ?? defaultTaskOf;
  const metrics = options.metrics ?? new Metrics({ namespace: LIVE_SCORE.namespace, serviceName: LIVE_SCORE.service });
  const random = options.random ?? Math.random;
  // Checks are compiled once per cold start: regexes and JSON schemas are built here, not per request.
  const common = compile(checks.all);
  const byTask = new Map(Object.entries(checks.byTag).map(([task, tagged]) => [task, compile(tagged)]));

  const after: LiveScoreMiddleware<E>['after'] = async (request) => {
    const response = request.response;
    if (!response || typeof response.output !== 'string' || random() >= sampleRate) return;
    const task = taskOf(request.event);
    const checks = [...common, ...(task ? (byTask.get(task) ?? []) : [])];
    const context = { output: response.output, input: '', vars: {}, latencyMs: response.latencyMs ?? 0, ...(response.costUsd === undefined ? {} : { costUsd: response.costUsd }) };
    const outcomes: AssertionOutcome[] = [];
    for (const check of checks) {
      const graded = check.grade(context);
      // Live checks are deterministic; a model-graded check here would be a configuration mistake.
      if (graded instanceof Promise) throw new Error(`live check '${check.type}' is not deterministic`);
      outcomes.push({ type: check.type, weight: 1, ...graded });
    }
    const { pass, score } = scoreCase(outcomes);
    const failed = outcomes.filter((o) => !o.pass).map((o) => o.type);
    if (failed.length > 0) options.logger?.info('live checks failed', { task, failed });
    // Powertools adds `service` itself (from serviceName); passing it again only earns a warning per request.
    const { service: _service, ...dimensions } = liveScoreDimensions(request.context.functionName, request.context.functionVersion, trafficOf(request.context.invokedFunctionArn));
    metrics.addDimensions(dimensions);
    metrics.addMetric(LIVE_SCORE.metrics.pass, MetricUnit.Count, pass ? 1 : 0);
    metrics.addMetric(LIVE_SCORE.metrics.score, MetricUnit.NoUnit, score);
    if (response.latencyMs !== undefined) metrics.addMetric(LIVE_SCORE.metrics.latency, MetricUnit.Milliseconds, response.latencyMs);
    if (response.usage) {
      metrics.addMetric(LIVE_SCORE.metrics.inputTokens, MetricUnit.Count, response.usage.inputTokens);
      metrics.addMetric(LIVE_SCORE.metrics.outputTokens, MetricUnit.Count, response.usage.outputTokens);
    }
    if (response.costUsd !== undefined) metrics.addMetric(LIVE_SCORE.metrics.cost, MetricUnit.NoUnit, response.costUsd);
    metrics.publishStoredMetrics();
  };
  return { after };
}
