/**
 * Errors of the local adapters. Where an AWS adapter maps a service error onto a release error (ReleaseRefusedError,
 * MissingTestEvidenceError ...), the local adapter throws that release error directly; where the AWS adapter lets
 * the service error through unmapped, the local one throws a {@link LocalServiceError} with the service's error
 * name, so the state machine's Retry and Catch see the same names on both stages.
 */

/**
 * Stands for an AWS service exception: `name` is the service's error code.
 *
 * @example
 * throw new LocalServiceError('InvalidParameterValueException', 'alias assistant:live: at most one additional version, got: 2');
 */
export class LocalServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** A key or reference that would leave the local stage's folder (`..`, an absolute path). */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/**
 * The report does not exist: the error the S3 report store throws for a missing key (ReportNotFoundError of
 * functions/adapters/aws/s3-report-store.ts, which the local stage does not import: it would load the S3 SDK).
 */
export class ReportNotFoundError extends Error {
  override readonly name = 'ReportNotFoundError';
}
