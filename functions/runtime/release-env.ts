/**
 * The release environment: what every published version of an app under evalgate carries in its Lambda
 * environment (ARCHITECTURE.md, contracts). EvalGatedRelease sets the pins and the live checks on the function it
 * releases; a model-pin release publishes its candidate with the proposed pins; Prepare classifies a change by
 * diffing these variables (and the code hash) between the live version and the candidate. The app reads its
 * models from here, never from a constant, so that each version runs exactly the pins it was released with.
 */
import { UnpinnedModelError, assertModelPinned } from '../../evals/engine/pins';

export const RELEASE_ENV = {
  /** The pinned model the app calls (a dated or versioned snapshot). */
  modelId: 'EVALGATE_MODEL_ID',
  /** The pinned model it falls back to, if any. */
  fallbackModelId: 'EVALGATE_FALLBACK_MODEL_ID',
  /** The AppConfig configuration version these pins came from. */
  pinsVersion: 'EVALGATE_PINS_VERSION',
  /** A hash of the prompts the version runs, set by the app's build (a prompt change is its own kind of release). */
  promptSha: 'EVALGATE_PROMPT_SHA',
} as const;

/** The variables the live-score middleware reads (functions/runtime/live-score.ts). */
export const LIVE_SCORE_ENV = {
  /** The live checks, JSON (`evalgate online-checks --out -`); set by EvalGatedRelease from the suites. */
  checks: 'EVALGATE_LIVE_CHECKS',
  /** Share of responses graded, 0..1 (default 1). */
  sampleRate: 'EVALGATE_LIVE_SAMPLE_RATE',
} as const;

export interface ReleaseEnvironment {
  readonly modelId: string;
  readonly fallbackModelId?: string;
  readonly pinsVersion?: string;
  readonly promptSha?: string;
}

/** A release variable that is missing or malformed; `variable` names it. */
export class ReleaseEnvironmentError extends Error {
  override readonly name = 'ReleaseEnvironmentError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/** An empty value is how infrastructure templates usually say "not set". */
const optional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/**
 * Reads the release environment of the running version. Both model ids must satisfy the pin rule.
 *
 * @example
 * const { modelId, fallbackModelId } = readReleaseEnv(); // { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18', pinsVersion: '1' }
 * readReleaseEnv({});                                     // throws ReleaseEnvironmentError: EVALGATE_MODEL_ID is required ...
 * readReleaseEnv({ EVALGATE_MODEL_ID: 'gpt-4o' });        // throws UnpinnedModelError naming EVALGATE_MODEL_ID
 */
export function readReleaseEnv(env: Readonly<Record<string, string | undefined>> = process.env): ReleaseEnvironment {
  const modelId = optional(env[RELEASE_ENV.modelId]);
  if (modelId === undefined) {
    throw new ReleaseEnvironmentError(RELEASE_ENV.modelId, 'is required: evalgate sets it on every version it releases (EvalGatedRelease modelPins.initialPins, then each pin change)');
  }
  assertModelPinned(modelId, RELEASE_ENV.modelId);
  const fallbackModelId = optional(env[RELEASE_ENV.fallbackModelId]);
  if (fallbackModelId !== undefined) assertModelPinned(fallbackModelId, RELEASE_ENV.fallbackModelId);
  const pinsVersion = optional(env[RELEASE_ENV.pinsVersion]);
  const promptSha = optional(env[RELEASE_ENV.promptSha]);
  return {
    modelId,
    ...(fallbackModelId === undefined ? {} : { fallbackModelId }),
    ...(pinsVersion === undefined ? {} : { pinsVersion }),
    ...(promptSha === undefined ? {} : { promptSha }),
  };
}

export { UnpinnedModelError };
