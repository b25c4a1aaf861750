/** Lumen Assist's Lambda handler: wiring only. The logic is in assistant.ts and what it imports. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { answer, type AssistantResponse } from './assistant';
import type { AssistantDeps } from './deps';
import { parseEvent } from './event';
import { recordAnswer } from './telemetry';
import onlineChecks from '../../evals/online-checks.json' with { type: 'json' };
import { liveScore } from 'evalgate/runtime';
import { routeRequest } from './router';

/**
 * @example
 * const handler = makeHandler({ models: { primary: fakeProvider }, logger, metrics });
 * await handler({ input: 'Translate to French: Hello' }, context); // { output: 'Bonjour', model: ..., ... }
 */
export const makeHandler = (deps: AssistantDeps) =>
  middy(async (event: unknown): Promise<AssistantResponse> => {
    const request = parseEvent(event);
    const reply = await answer(request, deps.models, deps.promptBundle);
    recordAnswer(deps, request, reply);
    return reply.response;
  })
    // logEvent is pinned off: POWERTOOLS_LOGGER_LOG_EVENT=true in the environment would otherwise log customer text.
    .use(injectLambdaContext(deps.logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(deps.metrics))
    // Grades sampled responses with the suites' live checks: the canary's live eval score.
    .use(liveScore({ checks: onlineChecks, taskOf: taskOf, sampleRate: deps.liveSampleRate ?? 1, logger: deps.logger }));

/** The task of a request, for its live checks; an invalid event has none (it fails before any answer). */
function taskOf(event: unknown): string | undefined {
  try {
    const request = parseEvent(event);
    return routeRequest(request.input, request.vars?.task).intent;
  } catch {
    return undefined;
  }
}

