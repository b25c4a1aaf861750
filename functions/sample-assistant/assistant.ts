/** The assistant's use case: route, compose, ask a model (with fallback), shape the response contract. */
import { composeConversation } from './compose';
import type { AssistantRequest } from './event';
import { converseWithFallback, type AssistantModels } from './fallback';
import type { Intent } from './intents';
import type { PromptBundleId } from './prompts';
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
 * await answer(request, models, '2024-10'); // with the 2024-10 prompts
 */
export async function answer(request: AssistantRequest, models: AssistantModels, promptBundle?: PromptBundleId): Promise<AssistantReply> {
  const route = routeRequest(request.input, request.vars?.task);
  const { result, modelId, fellBackFrom } = await converseWithFallback(models, composeConversation(route, promptBundle));
  return {
    intent: route.intent,
    ...(fellBackFrom === undefined ? {} : { fellBackFrom }),
    response: { output: result.text, latencyMs: result.latencyMs, usage: result.usage, costUsd: result.costUsd, model: modelId },
  };
}
