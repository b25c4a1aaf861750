/**
 * The candidate of a release: a published version, or for a model-pin change a new version that runs the live
 * version's code with the proposed pins in its environment. Publishing from the live version (not $LATEST)
 * is what makes a pin change a pure model change: the code and prompts are exactly those already serving.
 */
import type { FunctionRegistry, FunctionVersion } from '../ports/function-registry';
import type { PinStore } from '../ports/pin-store';
import { ReleaseRefusedError } from '../shared/errors';
import type { ReleaseInput } from './input';
import { checkModelPin } from '../../evals/engine/pins';
import { RELEASE_ENV } from '../runtime/release-env';
import type { ModelPins, Release } from './state';

export interface CandidateDeps {
  readonly registry: FunctionRegistry;
  /** Absent when the pipeline manages no model pins (`modelPins: false`): a model-pin release is then refused. */
  readonly pinStore?: PinStore;
  /** The invocation's remaining time, so publishing stops waiting before Lambda ends the task. */
  readonly remainingMs?: () => number;
}

/**
 * The pin store a model-pin release needs; without one (`modelPins: false`) the release is refused.
 *
 * @example
 * requirePinStore({ registry }); // throws ReleaseRefusedError: model pins are not managed by this pipeline ...
 */
export function requirePinStore(deps: Pick<CandidateDeps, 'pinStore'>): PinStore {
  if (deps.pinStore) return deps.pinStore;
  throw new ReleaseRefusedError('model pins are not managed by this pipeline (modelPins: false): release a published version instead');
}

export interface ResolvedCandidate {
  readonly version: FunctionVersion;
  readonly pins?: Release['pins'];
}

/**
 * @example
 * await resolveCandidate({ version: '7' }, stable, deps);                              // { version: v7 }
 * await resolveCandidate({ modelPins: { configurationVersion: '3' } }, stable, deps); // { version: v8 (published), pins }
 */
export async function resolveCandidate(candidate: ReleaseInput['candidate'], stable: FunctionVersion, deps: CandidateDeps): Promise<ResolvedCandidate> {
  if ('version' in candidate) return { version: await deps.registry.getVersion(stable.functionName, candidate.version) };
  const cfg = candidate.modelPins.configurationVersion;
  const proposed = await requirePinStore(deps).getVersion(cfg);
  assertPinsPinned(proposed, cfg);
  const previous = pinsOf(stable);
  const version = await deps.registry.publishWithEnvironment(
    stable,
    environmentWith(stable.environment, proposed, cfg),
    `evalgate pins ${cfg}`,
    deps.remainingMs ? { remainingMs: deps.remainingMs } : {},
  );
  // A live version that predates pin tracking does not say its configuration; what AppConfig served before this
  // change (the trigger's input) is then the one to return to, so a refused change does not stay live in AppConfig.
  const previousConfigurationVersion = stable.environment[RELEASE_ENV.pinsVersion] ?? candidate.modelPins.previousConfigurationVersion;
  return {
    version,
    pins: { configurationVersion: cfg, ...(previousConfigurationVersion === undefined ? {} : { previousConfigurationVersion }), proposed, previous },
  };
}

/**
 * The live environment with the model fields replaced; a fallback absent from the pins is removed, not kept,
 * or the candidate would silently fall back to the old configuration's model.
 *
 * @example
 * environmentWith({ EVALGATE_MODEL_ID: 'a-2024-01-01', EVALGATE_FALLBACK_MODEL_ID: 'b-v1' }, { modelId: 'c-2025-01-01' }, '4');
 * // { EVALGATE_MODEL_ID: 'c-2025-01-01', EVALGATE_PINS_VERSION: '4' }
 */
export function environmentWith(environment: Readonly<Record<string, string>>, pins: ModelPins, configurationVersion: string): Record<string, string> {
  const { [RELEASE_ENV.fallbackModelId]: _previousFallback, ...rest } = environment;
  return {
    ...rest,
    [RELEASE_ENV.modelId]: pins.modelId,
    ...(pins.fallbackModelId === undefined ? {} : { [RELEASE_ENV.fallbackModelId]: pins.fallbackModelId }),
    [RELEASE_ENV.pinsVersion]: configurationVersion,
  };
}

function assertPinsPinned(pins: ModelPins, cfg: string): void {
  for (const [field, modelId] of Object.entries(pins)) {
    if (typeof modelId !== 'string') continue;
    const verdict = checkModelPin(modelId);
    if (!verdict.ok) throw new ReleaseRefusedError(`model pins configuration version ${cfg} ${field}: model id '${modelId}' is not pinned: ${verdict.reason}`);
  }
}

/** The pins the live version runs: what a rollback of this model change returns to. */
function pinsOf(stable: FunctionVersion): ModelPins {
  const modelId = stable.environment[RELEASE_ENV.modelId];
  if (modelId === undefined) {
    throw new ReleaseRefusedError(
      `live version ${stable.version} carries no ${RELEASE_ENV.modelId}: a model-pin release needs the live version's model to compare with and return to`,
    );
  }
  const fallbackModelId = stable.environment[RELEASE_ENV.fallbackModelId];
  return { modelId, ...(fallbackModelId === undefined ? {} : { fallbackModelId }) };
}
