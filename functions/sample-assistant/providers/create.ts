import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { snapshotProfile } from '../simulated/profiles';
import { BedrockProvider } from './bedrock';
import { bedrockPrice } from './bedrock-pricing';
import type { ModelProvider } from './port';
import { SimulatedProvider } from './simulated';

const SIMULATED_PREFIX = 'sim.';

/** Whether `modelId` is a simulated snapshot, which runs in the function and calls no model service. */
export const isSimulatedModel = (modelId: string): boolean => modelId.startsWith(SIMULATED_PREFIX);

/**
 * The provider for a model id: `sim.*` ids are simulated snapshots, anything else is a Bedrock model. `variable`
 * names the environment variable the id came from, for init errors.
 *
 * @example
 * createProvider('sim.assistant-2024-11-20', 'EVALGATE_MODEL_ID', () => new BedrockRuntimeClient({}));
 */
export function createProvider(modelId: string, variable: string, bedrockClient: () => BedrockRuntimeClient): ModelProvider {
  if (isSimulatedModel(modelId)) return new SimulatedProvider(snapshotProfile(modelId, variable));
  return new BedrockProvider(modelId, bedrockClient(), bedrockPrice(modelId, variable));
}
