/** The assistant's production dependencies, built once per cold start from the function's environment. */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, createMetrics } from './powertools';
import { loadConfig } from './config';
import type { AssistantModels } from './fallback';
import type { PromptBundleId } from './prompts';
import { createProvider } from './providers/create';

export interface AssistantDeps {
  readonly models: AssistantModels;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The prompt bundle every request is composed with (EVALGATE_PROMPT_BUNDLE). @default '2024-12' */
  readonly promptBundle?: PromptBundleId;
  /** Share of responses graded by the live-score middleware (EVALGATE_LIVE_SAMPLE_RATE). @default 1 */
  readonly liveSampleRate?: number;
}

/**
 * Reads `env` when called, not when imported: evalgate loads this module in worker threads that each have their
 * own environment, and a value captured by a shared module at import would leak between them.
 */
export function defaultDeps(env: Readonly<Record<string, string | undefined>> = process.env): AssistantDeps {
  const config = loadConfig(env);
  let client: BedrockRuntimeClient | undefined;
  // Created only for Bedrock models, so simulated snapshots need no AWS configuration at all.
  const bedrockClient = () => (client ??= new BedrockRuntimeClient({}));
  const primary = createProvider(config.modelId, 'EVALGATE_MODEL_ID', bedrockClient);
  const models =
    config.fallbackModelId === undefined
      ? { primary }
      : { primary, fallback: createProvider(config.fallbackModelId, 'EVALGATE_FALLBACK_MODEL_ID', bedrockClient) };
  return { models, logger: createLogger(), metrics: createMetrics(), promptBundle: config.promptBundle, liveSampleRate: config.liveSampleRate };
}
