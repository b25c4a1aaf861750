/**
 * The live eval-score metrics: one definition shared by the middleware that emits them, the per-release alarm
 * that watches them and the gate's observability check, so the three always name the same metric.
 * Powertools Metrics always adds a `service` dimension; CloudWatch matches dimension sets exactly, so it is part
 * of the definition.
 */
export const LIVE_SCORE = {
  namespace: 'Evalgate',
  service: 'evalgate-live-score',
  metrics: {
    /** 1 when a sampled response passed every live check, else 0: its Average is the live pass rate. */
    pass: 'LiveEvalPass',
    /** Weighted score of the live checks, 0..1. */
    score: 'LiveEvalScore',
    latency: 'LiveLatency',
    inputTokens: 'LiveInputTokens',
    outputTokens: 'LiveOutputTokens',
    cost: 'LiveCostUsd',
  },
} as const;

/**
 * Where a graded response came from: `live` traffic reaches the version through an alias; `eval` traffic invokes
 * the version itself (the release's eval run). The canary alarm watches live traffic only; the gate's
 * observability check looks for eval traffic, which proves the candidate emits the metrics at all.
 */
export type LiveScoreTraffic = 'live' | 'eval';

/** The traffic of an invocation, from the qualifier of the ARN it was invoked with. */
export function trafficOf(invokedFunctionArn: string | undefined): LiveScoreTraffic {
  const qualifier = invokedFunctionArn?.split(':')[7];
  return qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier) ? 'live' : 'eval';
}

/** The dimensions of every live-score metric of one version of a function. */
export function liveScoreDimensions(functionName: string, version: string, traffic: LiveScoreTraffic): Record<string, string> {
  return { service: LIVE_SCORE.service, FunctionName: functionName, Version: version, Traffic: traffic };
}
