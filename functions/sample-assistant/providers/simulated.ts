import { respond } from '../simulated/model';
import type { SnapshotProfile } from '../simulated/profiles';
import { costOf, type ConverseRequest, type ConverseResult, type ModelProvider } from './port';

const BASE_LATENCY_MS = 250;
const LATENCY_PER_OUTPUT_TOKEN_MS = 6;

/** Roughly four characters per token, as for English text with common tokenizers. */
const tokensIn = (text: string): number => Math.ceil(text.length / 4);

/**
 * A simulated snapshot (`sim.*` model ids): offline and deterministic, with the usage, latency and cost a hosted
 * model would report. Latency is computed, never slept, so evals stay fast.
 *
 * @example
 * const provider = new SimulatedProvider(snapshotProfile('sim.assistant-2024-11-20', 'EVALGATE_MODEL_ID'));
 * await provider.converse({ system, prompt, maxTokens: 300, temperature: 0 }); // { text, usage, latencyMs, costUsd }
 */
export class SimulatedProvider implements ModelProvider {
  readonly modelId: string;

  constructor(private readonly profile: SnapshotProfile) {
    this.modelId = profile.id;
  }

  async converse(request: ConverseRequest): Promise<ConverseResult> {
    const text = respond(this.profile, request.system, request.prompt);
    const usage = { inputTokens: tokensIn(request.system) + tokensIn(request.prompt), outputTokens: Math.max(1, tokensIn(text)) };
    return {
      text,
      usage,
      latencyMs: BASE_LATENCY_MS + LATENCY_PER_OUTPUT_TOKEN_MS * usage.outputTokens,
      costUsd: costOf(this.profile.price, usage),
    };
  }
}
