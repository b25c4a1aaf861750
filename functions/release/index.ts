/**
 * `evalgate/release`: the pure release decisions, as the release's task functions make them. No AWS SDK, no I/O.
 *
 * @example
 * import { checkModelPin, classifyChange, parseReleaseInput } from 'evalgate/release';
 * checkModelPin('gpt-4o');                                  // { pinned: false, reason: 'floating alias ...' }
 * classifyChange(stableVersion, candidateVersion);          // 'prompt'
 */
export { assertModelPinned, checkModelPin, UnpinnedModelError, type PinVerdict } from '../../evals/engine/pins';
export { changedFields, classifyChange } from './classify';
export { parseReleaseInput, releaseInputSchema, type ReleaseInput } from './input';
export { expectedRouting, routesAs } from './routing';
export { bakeComplete, healthVerdict } from './canary';
export { MODEL_PINS_JSON_SCHEMA, modelPinsDocumentSchema } from './pins-document';
export { TASK_NAMES, type TaskName } from './tasks';
export type { FunctionVersion } from '../ports/function-registry';
export type { AliasRouting } from '../ports/traffic-router';
export type { ChangeKind, ChangeSource, GateOutcome, HealthVerdict, ModelPins, Release, ReleaseOutcome, ReleaseRecord, TestEvidence } from './state';
