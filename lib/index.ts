/**
 * `evalgate`: the CDK constructs. EvalGatedRelease puts one Lambda function under an eval-gated release pipeline
 * (eval gate, canary on its live alias, rollback, model pins in AppConfig); EvalGatedReleaseStage starts those
 * releases from an existing CodePipeline.
 *
 * @example
 * import { EvalGatedRelease } from 'evalgate';
 * new EvalGatedRelease(this, 'Release', {
 *   target: fn,
 *   suitesDir: 'evals/suites', policyFile: 'evals/policy.yaml',
 *   modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18' } },
 * });
 */
export { EvalGatedRelease } from './eval-gated-release';
export type { AlarmThresholdsProps, EvalGatedReleaseProps } from './eval-gated-release-props';
export { EvalGatedReleaseStage, type EvalGatedReleaseStageProps } from './codepipeline-stage';
export { DEFAULT_CANARY_STEPS, type CanaryStep } from './canary-steps';
export { ModelPins, type ModelPinsProps } from './model-pins';
/** cdk-nag 3 acknowledgments where a finding arises, as evalgate's own constructs record theirs. */
export { acknowledge as acknowledgeFinding, acknowledgeWildcardAction, acknowledgeWildcardResource } from './private/nag';
/** bedrock:InvokeModel for an app's pinned Bedrock model or cross-Region inference profile (and the Regions it routes to). */
export { grantInvokeBedrockModel } from './private/bedrock-arns';
export type { LiveAlias } from './private/live-alias';
export type { PinsTrigger } from './private/pins-trigger';
export type { StopReconciler } from './private/stop-reconciler';
export type { ModelPins as ModelPinsDocument } from '../functions/release/state';
/** Release scenarios of `evalgate simulate --scenarios FILE` (types only: the CLI runs them). */
export type { Scenario, ScenarioContext, ScenarioFile, ScenarioStep } from './local-stage/scenario';
