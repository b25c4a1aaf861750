/**
 * What the assistant records about an answer. Customer text never reaches logs or metrics: only its length,
 * the intent, the model and the cost of the call.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AssistantReply } from './assistant';
import type { AssistantDeps } from './deps';
import type { AssistantRequest } from './event';

export function recordAnswer({ logger, metrics }: Pick<AssistantDeps, 'logger' | 'metrics'>, request: AssistantRequest, reply: AssistantReply): void {
  const { response } = reply;
  logger.info('assistant answered', {
    intent: reply.intent,
    model: response.model,
    fellBackFrom: reply.fellBackFrom,
    inputChars: request.input.length,
    outputChars: response.output.length,
    latencyMs: response.latencyMs,
    inputTokens: response.usage.inputTokens,
    outputTokens: response.usage.outputTokens,
  });
  metrics.addMetric('ModelLatency', MetricUnit.Milliseconds, response.latencyMs);
  metrics.addMetric('InputTokens', MetricUnit.Count, response.usage.inputTokens);
  metrics.addMetric('OutputTokens', MetricUnit.Count, response.usage.outputTokens);
  if (reply.fellBackFrom !== undefined) metrics.addMetric('ModelFallback', MetricUnit.Count, 1);
}
