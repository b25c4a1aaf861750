/** Lambda versions and their release metadata (AWS: Lambda; local stage: a file-backed registry). */
export interface FunctionVersion {
  readonly functionName: string;
  readonly version: string;
  readonly codeSha256: string;
  readonly environment: Readonly<Record<string, string>>;
}

export interface FunctionRegistry {
  /** A published version; throws when it does not exist. `$LATEST` is never asked for by a release. */
  getVersion(functionName: string, version: string): Promise<FunctionVersion>;
  /**
   * Publishes a new version running `base`'s code with `environment` (a model-pin change). Implementations must
   * refuse when $LATEST's code or configuration (role, layers, runtime, memory, ...) differs from `base`'s: the
   * candidate carries the proposed pins and nothing else.
   */
  publishWithEnvironment(base: FunctionVersion, environment: Readonly<Record<string, string>>, description: string, options?: PublishOptions): Promise<FunctionVersion>;
  /**
   * Gives $LATEST `environment` again after a model-pin release that did not promote, so $LATEST does not go on
   * running refused pins; only while $LATEST still holds `candidate`'s code and environment (a deploy since is
   * someone else's). Returns whether it did.
   */
  restoreLatest(candidate: FunctionVersion, environment: Readonly<Record<string, string>>): Promise<boolean>;
}

export interface PublishOptions {
  /** The invocation's remaining time (Lambda's `context.getRemainingTimeInMillis`): waits end before it does. */
  readonly remainingMs?: () => number;
}
