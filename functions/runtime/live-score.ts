/**
 * Live eval score: a middy middleware for the AI app under release. It grades a sample of real responses with
 * the suites' live checks (assertions that need no expected answer, see evals/engine/online.ts) and emits EMF metrics
 * per function and version, which the release's canary alarm watches. Nothing of the user's text is logged:
 * only which checks failed.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { OnlineCheck, OnlineChecks } from '../../evals/engine/online';
import { defaultRegistry } from '../../evals/engine/assertions/registry';
import type { Grader } from '../../evals/engine/assertions/types';
import { scoreCase } from '../../evals/engine/scoring';
import type { AssertionOutcome } from '../../evals/engine/types';
import { LIVE_SCORE, liveScoreDimensions, trafficOf } from './live-score-metrics';

interface Response {
  readonly output: string;
  readonly latencyMs?: number;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd?: number;
}

export interface LiveScoreOptions<E> {
  /** The live checks (evals/online-checks.json). */
  readonly checks: OnlineChecks;
  /** The task of a request, to pick the checks of its tag (e.g. the assistant's intent). */
  readonly taskOf: (event: E) => string | undefined;
  /** Share of responses graded, 0..1. @default 1 (live checks are deterministic and take microseconds) */
  readonly sampleRate?: number;
  /** Its serviceName must be LIVE_SCORE.service: the canary alarm matches the `service` dimension exactly. @default a Metrics instance in the evalgate namespace */
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  /** @default Math.random */
  readonly random?: () => number;
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
 * middy(handler).use(logMetrics(metrics)).use(liveScore({ checks, taskOf: (event) => routeIntent(event.input) }));
 */
export function liveScore<E>(options: LiveScoreOptions<E>): MiddlewareObj<E, Response, Error, Context> {
  const sampleRate = options.sampleRate ?? 1;
  if (!(sampleRate >= 0 && sampleRate <= 1)) throw new Error(`live score sampleRate must be between 0 and 1, got: ${sampleRate}`);
  const metrics = options.metrics ?? new Metrics({ namespace: LIVE_SCORE.namespace, serviceName: LIVE_SCORE.service });
  const random = options.random ?? Math.random;
  // Checks are compiled once per cold start: regexes and JSON schemas are built here, not per request.
  const common = compile(options.checks.all);
  const byTask = new Map(Object.entries(options.checks.byTag).map(([task, checks]) => [task, compile(checks)]));

  const after = async (request: Request<E, Response, Error, Context>): Promise<void> => {
    const response = request.response;
    if (!response || typeof response.output !== 'string' || random() >= sampleRate) return;
    const task = options.taskOf(request.event);
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
