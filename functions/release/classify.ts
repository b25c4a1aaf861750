/**
 * Change classification: what kind of change a candidate is, read from what the two versions actually carry
 * (their release metadata and code hash), never from what the caller claims. A model change and a prompt or
 * code change are refused together: if the gate blocked or the canary degraded, nobody could tell which one
 * caused it, and rolling back one would silently roll back the other.
 */
import type { FunctionVersion } from '../ports/function-registry';
import { ReleaseRefusedError } from '../shared/errors';
import { checkModelPin } from '../../evals/engine/pins';
import { RELEASE_ENV } from '../runtime/release-env';
import type { ChangeKind } from './state';

const MODEL_FIELDS = [RELEASE_ENV.modelId, RELEASE_ENV.fallbackModelId, RELEASE_ENV.pinsVersion] as const;
const CODE_FIELD = 'codeSha256';

/**
 * The release metadata fields (and `codeSha256`) whose values differ between the two versions.
 *
 * @example
 * changedFields(v5, v6); // ['EVALGATE_MODEL_ID', 'EVALGATE_PINS_VERSION']
 */
export function changedFields(stable: FunctionVersion, candidate: FunctionVersion): string[] {
  const env = Object.values(RELEASE_ENV).filter((name) => stable.environment[name] !== candidate.environment[name]);
  return stable.codeSha256 === candidate.codeSha256 ? env : [...env, CODE_FIELD];
}

/**
 * Classifies the candidate against the live version; throws {@link ReleaseRefusedError} for a release that
 * must not run: same version, an unpinned model id, model and prompt/code changes together, or a declared kind
 * the versions contradict.
 *
 * @example
 * classifyChange(v5, v6);          // 'model' (only EVALGATE_MODEL_ID differs)
 * classifyChange(v5, v7, 'code');  // throws: declared kind 'code' contradicts the detected kind 'prompt' ...
 */
export function classifyChange(stable: FunctionVersion, candidate: FunctionVersion, declared?: ChangeKind): ChangeKind {
  if (candidate.version === stable.version) {
    throw new ReleaseRefusedError(`candidate version ${candidate.version} is the live version: there is nothing to release`);
  }
  assertPinned(candidate);
  const changed = changedFields(stable, candidate);
  const model = changed.some((field) => (MODEL_FIELDS as readonly string[]).includes(field));
  const prompt = changed.includes(RELEASE_ENV.promptSha);
  if (model && (prompt || changed.includes(CODE_FIELD))) {
    throw new ReleaseRefusedError(
      `a prompt change and a model change never ship in the same release: ${changed.join(', ')} differ between versions ${stable.version} and ${candidate.version}; release them one after the other`,
    );
  }
  const detected: ChangeKind = model ? 'model' : prompt ? 'prompt' : 'code';
  if (declared !== undefined && declared !== detected) {
    const evidence = changed.length === 0 ? 'no release metadata differs' : `${changed.join(', ')} differ`;
    throw new ReleaseRefusedError(
      `declared kind '${declared}' contradicts the detected kind '${detected}' (${evidence} between versions ${stable.version} and ${candidate.version})`,
    );
  }
  return detected;
}

/** The pin rule applies to the version about to take traffic, whatever kind of change brought it. */
function assertPinned(candidate: FunctionVersion): void {
  for (const name of [RELEASE_ENV.modelId, RELEASE_ENV.fallbackModelId]) {
    const modelId = candidate.environment[name];
    if (modelId === undefined) continue;
    const verdict = checkModelPin(modelId);
    if (!verdict.ok) {
      throw new ReleaseRefusedError(`candidate version ${candidate.version} ${name}: model id '${modelId}' is not pinned: ${verdict.reason}`);
    }
  }
}
