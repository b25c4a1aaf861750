import type { JudgeModel } from '../../evals/engine/types';
import { simulatedJudge } from '../../evals/engine/judge';

/** `sim.*` judges run offline; any other pinned id is a Bedrock model, loaded only when asked for. */
export async function createJudge(modelId: string): Promise<JudgeModel> {
  if (modelId.startsWith('sim.')) return simulatedJudge(modelId);
  const { BedrockJudge } = await import('../../functions/adapters/aws/bedrock-judge');
  return BedrockJudge.withDefaultClient(modelId);
}
