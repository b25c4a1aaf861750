/**
 * The release pipeline's named failures. A thrown error means a step broke or refused; its `name` is what the
 * state machine's Retry and Catch match on, so these constants are shared by functions/ and lib/.
 */
export const ERROR_NAMES = {
  /** The execution input or a task event does not match its schema. */
  invalidInput: 'InvalidReleaseInputError',
  /** Another release holds the alias; nothing was changed. */
  releaseLocked: 'ReleaseLockedError',
  /** The release was refused before any traffic moved (equal versions, $LATEST, mixed change, unpinned model ...). */
  refused: 'ReleaseRefusedError',
  /** No passing unit-test evidence for the candidate's code. */
  missingTestEvidence: 'MissingTestEvidenceError',
  /** A transient fault of a dependency (throttling, a conflicting update in progress): retry. */
  transient: 'TransientReleaseError',
  /** The alias did not read back as written. */
  trafficVerification: 'TrafficVerificationError',
} as const;

/** Names of the Fail states a release can end in. */
export const FAILURE_NAMES = {
  gateBlocked: 'GateBlocked',
  rolledBack: 'RolledBack',
  refused: 'ReleaseRefused',
  rollbackFailed: 'RollbackFailed',
  failed: 'ReleaseFailed',
} as const;

export type ErrorName = (typeof ERROR_NAMES)[keyof typeof ERROR_NAMES];

abstract class ReleaseError extends Error {
  abstract override readonly name: ErrorName;
}

export class InvalidReleaseInputError extends ReleaseError {
  override readonly name = ERROR_NAMES.invalidInput;
}

export class ReleaseLockedError extends ReleaseError {
  override readonly name = ERROR_NAMES.releaseLocked;
}

export class ReleaseRefusedError extends ReleaseError {
  override readonly name = ERROR_NAMES.refused;
}

export class MissingTestEvidenceError extends ReleaseError {
  override readonly name = ERROR_NAMES.missingTestEvidence;
}

export class TransientReleaseError extends ReleaseError {
  override readonly name = ERROR_NAMES.transient;
}

export class TrafficVerificationError extends ReleaseError {
  override readonly name = ERROR_NAMES.trafficVerification;
}
