/**
 * What the assistant records about an answer. Customer text never reaches logs or metrics: only its length,
 * the intent, the model and the cost of the call.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AssistantReply } from './assistant';
import type { AssistantDeps } from './deps';
import type { AssistantRequest } from './event';
import { DEFAULT_PROMPT_BUNDLE } from './prompts';

export function recordAnswer(
  { logger, metrics, promptBundle }: Pick<AssistantDeps, 'logger' | 'metrics' | 'promptBundle'>,
  request: AssistantRequest,
  reply: AssistantReply,
): void {
  const { response } = reply;
  logger.info('assistant answered', {
    intent: reply.intent,
    model: response.model,
    promptBundle: promptBundle ?? DEFAULT_PROMPT_BUNDLE,
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
