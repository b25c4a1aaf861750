/** The assistant's use case: route, compose, ask a model (with fallback), shape the response contract. */
import { composeConversation } from './compose';
import type { AssistantRequest } from './event';
import { converseWithFallback, type AssistantModels } from './fallback';
import type { Intent } from './intents';
import type { TokenUsage } from './providers/port';
import { routeRequest } from './router';

export interface AssistantResponse {
  readonly output: string;
  readonly latencyMs: number;
  readonly usage: TokenUsage;
  readonly costUsd: number;
  readonly model: string;
}

export interface AssistantReply {
  readonly intent: Intent;
  readonly fellBackFrom?: string;
  readonly response: AssistantResponse;
}

/**
 * @example
 * const { response } = await answer({ input: 'Translate to French: Hello' }, { primary: simulated });
 * response.output; // 'Bonjour'
 */
export async function answer(request: AssistantRequest, models: AssistantModels): Promise<AssistantReply> {
  const route = routeRequest(request.input, request.vars?.task);
  const { result, modelId, fellBackFrom } = await converseWithFallback(models, composeConversation(route));
  return {
    intent: route.intent,
    ...(fellBackFrom === undefined ? {} : { fellBackFrom }),
    response: { output: result.text, latencyMs: result.latencyMs, usage: result.usage, costUsd: result.costUsd, model: modelId },
  };
}
