import type { TargetErrorKind } from '../types';

/** A call to a target failed. `retryable` says whether the runner may try again after a backoff. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(
    readonly kind: TargetErrorKind,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A target spec that cannot be used: unknown scheme, missing file or export, bad URL. Exit code 2. */
export class TargetSpecError extends Error {
  override readonly name = 'TargetSpecError';
  constructor(
    readonly spec: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`target '${spec}': ${reason}`, options);
  }
}

/** The error names a Lambda (or a local handler) throws when it is throttled or its model is unavailable. */
export const RETRYABLE_FUNCTION_ERRORS = /Throttl|TooManyRequests|ServiceUnavailable|ModelUnavailable|ModelNotReady/;
