/**
 * The release pipeline's named failures. A thrown error means a step broke or refused; its `name` is what the
 * state machine's Retry and Catch match on, so these constants are shared by functions/ and lib/. One name,
 * canaryDegraded, is set by the state machine itself rather than thrown.
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
  /**
   * ShiftTraffic or Promote found, after moving the alias, that its release's lock was fenced by the reconciler (the
   * execution was stopped) or is no longer the release's: it put the alias back on the stable version and did nothing more.
   */
  releaseStopped: 'ReleaseStoppedError',
  /**
   * DecideGate found no live eval-score samples of the candidate yet, soon after its eval run: CloudWatch turns the
   * EMF log lines into metrics asynchronously. Retried at minute intervals; after LIVE_SCORES_WAIT_MS it blocks.
   */
  liveScoresPending: 'LiveScoresPendingError',
  /**
   * AppConfig runs one deployment per environment at a time: another one (a person's, baking) is in progress. Retried
   * with a long backoff by the tasks that deploy pins; it ends on its own.
   */
  deploymentInProgress: 'DeploymentInProgressError',
  /**
   * Not thrown: the `Error` the state machine sets at `$.error` when the canary is degraded (its `Cause` is the
   * health verdict's reasons as JSON, `States.JsonToString($.health.reasons)`), so Rollback and Finalize see why.
   */
  canaryDegraded: 'CanaryDegraded',
} as const;

/** Names of the Fail states a release can end in. */
export const FAILURE_NAMES = {
  gateBlocked: 'GateBlocked',
  rolledBack: 'RolledBack',
  refused: 'ReleaseRefused',
  rollbackFailed: 'RollbackFailed',
  failed: 'ReleaseFailed',
} as const;

/** The name of an error a task throws (every ERROR_NAMES entry but the state machine's own canaryDegraded). */
export type ErrorName = Exclude<(typeof ERROR_NAMES)[keyof typeof ERROR_NAMES], typeof ERROR_NAMES.canaryDegraded>;

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

export class ReleaseStoppedError extends ReleaseError {
  override readonly name = ERROR_NAMES.releaseStopped;
}

export class LiveScoresPendingError extends ReleaseError {
  override readonly name = ERROR_NAMES.liveScoresPending;
}

export class DeploymentInProgressError extends ReleaseError {
  override readonly name = ERROR_NAMES.deploymentInProgress;
}

/**
 * Not a task error (the state machine never sees it): starting a release found an execution of that name that
 * ended, or that runs another input. Names are deterministic (the AppConfig trigger's `pins-<version>-d<deployment>`),
 * so starting again cannot succeed.
 */
export class ReleaseAlreadyStartedError extends Error {
  override readonly name = 'ReleaseAlreadyStartedError';
}
