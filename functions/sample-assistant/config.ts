import { z } from 'zod';
import { assertModelPinned } from 'evalgate/runtime';
import { AssistantConfigError } from './errors';
import { DEFAULT_PROMPT_BUNDLE, PROMPT_BUNDLE_IDS, type PromptBundleId } from './prompts';

export interface AssistantConfig {
  readonly modelId: string;
  readonly fallbackModelId?: string;
  /** The prompt bundle the function runs (EVALGATE_PROMPT_BUNDLE). */
  readonly promptBundle: PromptBundleId;
  /** Share of responses the live-score middleware grades. */
  readonly liveSampleRate: number;
}

const envSchema = z.object({
  EVALGATE_MODEL_ID: z.string({ error: 'is required: set it to a pinned model id such as sim.assistant-2024-11-20' }),
  // An empty value is how infrastructure templates usually say "no fallback".
  EVALGATE_FALLBACK_MODEL_ID: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  // Empty means the default bundle, as for the fallback.
  EVALGATE_PROMPT_BUNDLE: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? DEFAULT_PROMPT_BUNDLE : value))
    .pipe(z.enum(PROMPT_BUNDLE_IDS, { error: (issue) => `unknown prompt bundle '${String(issue.input)}'; known bundles: ${PROMPT_BUNDLE_IDS.join(', ')}` })),
  EVALGATE_LIVE_SAMPLE_RATE: z.coerce
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, 'must be a number from 0 to 1')
    .max(1, 'must be a number from 0 to 1')
    .default(1),
});

/**
 * Reads the assistant's configuration from an environment. Both model ids must satisfy the pin rule; the prompt
 * bundle must be one of `prompts/` (default 2024-12).
 *
 * @example
 * loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20' }); // { modelId: 'sim.assistant-2024-11-20', promptBundle: '2024-12', liveSampleRate: 1 }
 * loadConfig({ EVALGATE_MODEL_ID: 'gpt-4o' }); // throws UnpinnedModelError naming EVALGATE_MODEL_ID
 * loadConfig({ EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PROMPT_BUNDLE: '2023-01' }); // throws, listing the bundles
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AssistantConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AssistantConfigError(String(issue.path[0]), issue.message);
  }
  const {
    EVALGATE_MODEL_ID: modelId,
    EVALGATE_FALLBACK_MODEL_ID: fallbackModelId,
    EVALGATE_PROMPT_BUNDLE: promptBundle,
    EVALGATE_LIVE_SAMPLE_RATE: liveSampleRate,
  } = parsed.data;
  assertModelPinned(modelId, 'EVALGATE_MODEL_ID');
  if (fallbackModelId === undefined) return { modelId, promptBundle, liveSampleRate };
  assertModelPinned(fallbackModelId, 'EVALGATE_FALLBACK_MODEL_ID');
  return { modelId, fallbackModelId, promptBundle, liveSampleRate };
}
