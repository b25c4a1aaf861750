import { assertModelPinned } from '../pins';
import type { JudgeModel } from '../types';
import { SimulatedJudge } from './simulated';

export const DEFAULT_JUDGE_MODEL_ID = 'sim.judge-2024-11-20';

/** Builds the judge for `llm-rubric`. The id must be pinned; `sim.*` ids use the offline judge. */
export function simulatedJudge(modelId: string = DEFAULT_JUDGE_MODEL_ID): JudgeModel {
  assertModelPinned(modelId, '--judge');
  if (!modelId.startsWith('sim.')) throw new Error(`--judge: '${modelId}' is not a simulated judge (ids start with 'sim.')`);
  return new SimulatedJudge(modelId);
}
