/** The event does not match the handler contract; the message names the offending field. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** A prompt template was rendered without one of its variables. */
export class PromptTemplateError extends Error {
  override readonly name = 'PromptTemplateError';
  constructor(
    readonly template: string,
    readonly variable: string,
  ) {
    super(`prompt template '${template}' needs variable '${variable}', which was not provided`);
  }
}

export const MODEL_UNAVAILABLE = 'ModelUnavailableError';

/**
 * The model cannot answer right now (throttled, not ready, service down). The assistant falls back to
 * EVALGATE_FALLBACK_MODEL_ID on this error and only on this one; its name also marks it retryable for evalgate.
 */
export class ModelUnavailableError extends Error {
  override readonly name = MODEL_UNAVAILABLE;
  constructor(
    readonly modelId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`model '${modelId}' is unavailable: ${reason}`, options);
  }
}

/** The function's environment cannot run the assistant; raised at cold start so a bad version never serves. */
export class AssistantConfigError extends Error {
  override readonly name = 'AssistantConfigError';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}
