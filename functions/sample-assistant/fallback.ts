import { MODEL_UNAVAILABLE } from './errors';
import type { ConverseRequest, ConverseResult, ModelProvider } from './providers/port';

export interface AssistantModels {
  readonly primary: ModelProvider;
  /** EVALGATE_FALLBACK_MODEL_ID: answers only when the primary is throttled or unavailable. */
  readonly fallback?: ModelProvider;
}

export interface ModelAnswer {
  readonly result: ConverseResult;
  /** The model that actually answered. */
  readonly modelId: string;
  /** Set when the primary was unavailable and the fallback answered. */
  readonly fellBackFrom?: string;
}

// By name rather than instanceof: a provider bundled separately (a layer, a test's fresh module graph) throws its
// own copy of the class.
const isModelUnavailable = (error: unknown): boolean => error instanceof Error && error.name === MODEL_UNAVAILABLE;

/**
 * Any other error propagates: falling back on a bad request or a bug would hide it behind a second model.
 *
 * @example
 * await converseWithFallback({ primary, fallback }, request); // { result, modelId: fallback.modelId, fellBackFrom: primary.modelId }
 */
export async function converseWithFallback(models: AssistantModels, request: ConverseRequest): Promise<ModelAnswer> {
  try {
    return { result: await models.primary.converse(request), modelId: models.primary.modelId };
  } catch (error) {
    if (!isModelUnavailable(error) || models.fallback === undefined) throw error;
    const result = await models.fallback.converse(request);
    return { result, modelId: models.fallback.modelId, fellBackFrom: models.primary.modelId };
  }
}
