/**
 * The release record every terminal path writes: what happened, why, and for how long. Built from whatever the
 * path had (a refused release has no Release, a blocked one no health verdict), so it is pure and cannot fail.
 */
import { ERROR_NAMES } from '../shared/errors';
import { releaseInputSchema } from './input';
import type { TaskError } from './schemas';
import type { GateOutcome, HealthVerdict, Release, ReleaseOutcome, ReleaseRecord } from './state';

/**
 * What a Finalize is told. Two names differ from the outcome recorded:
 * - `aborted` (the FinalizeAborted state): CheckUnitTests, RunEvals or DecideGate failed; the error decides between
 *   `refused` and `failed`. Never recorded as `aborted`.
 * - `stopped` (the reconciler, never the state machine): the execution was stopped or timed out; recorded `aborted`.
 */
export type FinalizeOutcome = Exclude<ReleaseOutcome, 'aborted'> | 'aborted' | 'stopped';

export interface FinalizeEvent {
  readonly outcome: FinalizeOutcome;
  readonly input: unknown;
  readonly executionName: string;
  readonly release?: Release;
  readonly gate?: GateOutcome;
  readonly health?: HealthVerdict;
  readonly error?: TaskError;
  /** Reasons the caller already knows: for `stopped`, who stopped the release and what the reconciler undid. */
  readonly reasons?: readonly string[];
}

/**
 * Missing test evidence is a refusal whatever path reported it: the candidate was never allowed to run.
 *
 * @example
 * resolveOutcome({ outcome: 'aborted', error: { Error: 'MissingTestEvidenceError' } }); // 'refused'
 * resolveOutcome({ outcome: 'stopped' }); // 'aborted'
 */
export function resolveOutcome(event: Pick<FinalizeEvent, 'outcome' | 'error'>): ReleaseOutcome {
  if (event.error?.Error === ERROR_NAMES.missingTestEvidence) return 'refused';
  switch (event.outcome) {
    case 'aborted':
      return 'failed';
    case 'stopped':
      return 'aborted';
    default:
      return event.outcome;
  }
}

/**
 * On AWS a Catch's `Cause` is the Lambda error as JSON; locally it is the plain message.
 *
 * @example
 * describeError({ Error: 'ReleaseLockedError', Cause: '{"errorMessage":"release r1 already in progress"}' });
 * // 'ReleaseLockedError: release r1 already in progress'
 */
export function describeError(error: TaskError): string {
  if (error.Cause === undefined || error.Cause === '') return error.Error;
  let message = error.Cause;
  try {
    const parsed = JSON.parse(error.Cause) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: already the plain message.
  }
  return `${error.Error}: ${message}`;
}

/**
 * What an error at `$.error` says, as reasons. A degraded canary's error (ERROR_NAMES.canaryDegraded, set by the
 * state machine, not thrown) carries the health verdict's reasons as its Cause, `States.JsonToString` of
 * `$.health.reasons`: a JSON array of strings, given back as the list it is. Any other error is one reason.
 *
 * @example
 * errorReasons({ Error: 'CanaryDegraded', Cause: '["alarm evalgate-r1-errors is ALARM: 3 errors"]' });
 * // ['alarm evalgate-r1-errors is ALARM: 3 errors']
 * errorReasons({ Error: 'TrafficVerificationError', Cause: 'alias live did not read back' });
 * // ['TrafficVerificationError: alias live did not read back']
 */
export function errorReasons(error: TaskError): string[] {
  if (error.Error === ERROR_NAMES.canaryDegraded) {
    const reasons = parseReasons(error.Cause);
    if (reasons) return reasons.length > 0 ? reasons : ['canary degraded'];
  }
  return [describeError(error)];
}

function parseReasons(cause: string | undefined): string[] | undefined {
  if (cause === undefined) return undefined;
  try {
    const parsed = JSON.parse(cause) as unknown;
    return Array.isArray(parsed) && parsed.every((reason) => typeof reason === 'string') ? parsed : undefined;
  } catch {
    // Not the state machine's JSON: described as any other error.
    return undefined;
  }
}

/**
 * The target named by the execution input: as Prepare reads it (a function ARN becomes its name, the record listed
 * with the function's others), or leniently when the input was refused as malformed.
 */
export function targetOf(event: Pick<FinalizeEvent, 'input' | 'release'>): { functionName: string; alias: string } {
  if (event.release) return { functionName: event.release.functionName, alias: event.release.alias };
  const parsed = releaseInputSchema.safeParse(event.input);
  if (parsed.success) return { ...parsed.data.target };
  const target = (event.input as { target?: { functionName?: unknown; alias?: unknown } } | null)?.target;
  return {
    functionName: typeof target?.functionName === 'string' ? target.functionName : 'unknown-function',
    alias: typeof target?.alias === 'string' ? target.alias : 'live',
  };
}

/**
 * @example
 * buildRecord({ outcome: 'blocked', input, executionName: 'rel-1', release, gate }, new Date());
 * // { releaseId: 'rel-1', outcome: 'blocked', reasons: gate.reasons, ... }
 */
export function buildRecord(event: FinalizeEvent, endedAt: Date): ReleaseRecord {
  const { release, gate, health } = event;
  const outcome = resolveOutcome(event);
  const startedAt = release?.startedAt;
  return {
    releaseId: release?.releaseId ?? event.executionName,
    ...targetOf(event),
    outcome,
    reasons: reasonsFor(outcome, event),
    input: event.input,
    ...(release ? { release } : {}),
    ...(gate ? { gate } : {}),
    ...(health ? { health } : {}),
    ...(startedAt === undefined ? {} : { startedAt, durationMs: endedAt.getTime() - new Date(startedAt).getTime() }),
    endedAt: endedAt.toISOString(),
  };
}

/** The reasons that explain this outcome; a promotion's gate reasons say which checks it met. */
function reasonsFor(outcome: ReleaseOutcome, { gate, health, error, reasons }: FinalizeEvent): string[] {
  const failure = error ? errorReasons(error) : [];
  const degraded = health?.verdict === 'degraded' ? health.reasons : [];
  switch (outcome) {
    case 'promoted':
    case 'blocked':
      return [...(gate?.reasons ?? []), ...failure];
    case 'rolled-back':
      // A degraded canary's reasons may come twice: in the verdict and in the error the state machine made of it.
      return [...new Set([...degraded, ...failure])];
    case 'refused':
      return failure;
    case 'failed':
    // The reconciler ends a failed execution with what it found and did as reasons (functions/release/reconcile.ts).
    case 'aborted':
      return [...(reasons ?? []), ...failure];
  }
}
