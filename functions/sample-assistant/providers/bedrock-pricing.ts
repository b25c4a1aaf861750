/**
 * On-demand Bedrock prices (USD per 1K tokens, us-east-1) by model family. A model without a price fails at
 * cold start: the eval gate's cost checks would otherwise pass on a cost of zero.
 */
import { AssistantConfigError } from '../errors';
import type { ModelPrice } from './port';

const PRICES: ReadonlyArray<readonly [family: string, price: ModelPrice]> = [
  ['anthropic.claude-3-haiku', { inputPer1k: 0.00025, outputPer1k: 0.00125 }],
  ['anthropic.claude-3-5-haiku', { inputPer1k: 0.0008, outputPer1k: 0.004 }],
  ['anthropic.claude-3-5-sonnet', { inputPer1k: 0.003, outputPer1k: 0.015 }],
  ['anthropic.claude-3-7-sonnet', { inputPer1k: 0.003, outputPer1k: 0.015 }],
  ['anthropic.claude-sonnet-4', { inputPer1k: 0.003, outputPer1k: 0.015 }],
  ['amazon.nova-micro', { inputPer1k: 0.000035, outputPer1k: 0.00014 }],
  ['amazon.nova-lite', { inputPer1k: 0.00006, outputPer1k: 0.00024 }],
  ['amazon.nova-pro', { inputPer1k: 0.0008, outputPer1k: 0.0032 }],
  ['amazon.titan-text-lite', { inputPer1k: 0.00015, outputPer1k: 0.0002 }],
  ['amazon.titan-text-express', { inputPer1k: 0.0002, outputPer1k: 0.0006 }],
  ['meta.llama3-1-8b-instruct', { inputPer1k: 0.00022, outputPer1k: 0.00022 }],
  ['meta.llama3-1-70b-instruct', { inputPer1k: 0.00072, outputPer1k: 0.00072 }],
];

// Cross-region inference profiles (us.anthropic..., eu.amazon..., jp.anthropic...) cost the same as the model they
// route to (on-demand price of the source Region; global profiles may be cheaper, never dearer).
const REGION_PROFILE = /^(?:us|us-gov|eu|apac|jp|au|global)\./;

/**
 * @example
 * bedrockPrice('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'EVALGATE_MODEL_ID'); // { inputPer1k: 0.0008, ... }
 */
export function bedrockPrice(modelId: string, variable: string): ModelPrice {
  const model = modelId.replace(REGION_PROFILE, '');
  const entry = PRICES.find(([family]) => model.startsWith(family));
  if (entry) return entry[1];
  const families = PRICES.map(([family]) => family).join(', ');
  throw new AssistantConfigError(variable, `no price is known for Bedrock model '${modelId}'; known families: ${families}`);
}
