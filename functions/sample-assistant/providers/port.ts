/** The one port every model sits behind: Bedrock in production, simulated snapshots offline. */
export interface ConverseRequest {
  readonly system: string;
  readonly prompt: string;
  readonly maxTokens: number;
  readonly temperature: number;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface ConverseResult {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  readonly costUsd: number;
}

export interface ModelProvider {
  readonly modelId: string;
  /** Throws ModelUnavailableError when the model is throttled or down, so the caller can fall back. */
  converse(request: ConverseRequest): Promise<ConverseResult>;
}

/** Price of a model in USD per 1,000 tokens. */
export interface ModelPrice {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
}

/** Cost of one call, rounded to a micro-cent so sums over a suite stay readable. */
export function costOf(price: ModelPrice, usage: TokenUsage): number {
  const cost = (usage.inputTokens * price.inputPer1k + usage.outputTokens * price.outputPer1k) / 1000;
  return Math.round(cost * 1e8) / 1e8;
}
