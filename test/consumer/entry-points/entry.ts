// Every public entry point, with a value and a type from each, as a team's code would use them. The same file
// is type-checked under each module setting a consumer may have (the tsconfig.*.json beside it; a copy of it
// in esm/, whose package.json says "type": "module").
import { Duration } from 'aws-cdk-lib';
import { EvalGatedRelease, ModelPins, type CanaryStep, type EvalGatedReleaseProps, type ScenarioFile } from 'evalgate';
import { checkModelPin, liveScore, readReleaseEnv, RELEASE_ENV, type LiveScoreResponse } from 'evalgate/runtime';
import { loadSuite, parseTargetSpec, type Suite } from 'evalgate/evals';
import { classifyChange, TASK_NAMES, type ReleaseInput } from 'evalgate/release';

const step: CanaryStep = { weight: 5, bake: Duration.minutes(5) };
const scenarios: ScenarioFile | undefined = undefined;
const response: LiveScoreResponse = { output: 'ok', latencyMs: 1 };
const suite: Suite | undefined = undefined;
const input: ReleaseInput | undefined = undefined;
const props: Pick<EvalGatedReleaseProps, 'modelPins'> = { modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20' } } };

export const used = [EvalGatedRelease, ModelPins, checkModelPin, liveScore, readReleaseEnv, RELEASE_ENV.modelId, loadSuite, parseTargetSpec, classifyChange, TASK_NAMES, step, scenarios, response, suite, input, props];
