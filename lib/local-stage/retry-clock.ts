/**
 * Step Functions waits between the attempts of a retried Task (IntervalSeconds × BackoffRate^n); the local stage
 * runs retries at once (aws-local-stepfunctions' retryIntervalOverrides) and moves its simulated clock by that wait
 * instead, so what a retried task reads of time (a wait for metrics, a lock's expiry) is what it would read on AWS.
 * Only the top-level states are followed: a Map's iterations retry concurrently under one state name.
 */
import type { Asl } from './asl';

interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxAttempts?: number;
  readonly MaxDelaySeconds?: number;
}

/** Step Functions' defaults ("Retrying after an error", Step Functions developer guide): 1 s, 2.0, 3 attempts. */
const DEFAULTS = { IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 };

/**
 * @example
 * const retries = new RetryClock(asl, clock);
 * retries.failed('DecideGate', new LiveScoresPendingError('...')); // the retrier's first wait: 60 s
 * retries.beforeAttempt('DecideGate');                             // the clock moves 60 s
 */
export class RetryClock {
  private readonly attempts = new Map<string, number[]>();
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly asl: Asl,
    private readonly clock: { advance(ms: number): void },
  ) {}

  /** A task of `state` failed with `error`: the wait before its retry, if a retrier of the state takes it. */
  failed(state: string, error: unknown): void {
    const retriers = (this.asl.States[state]?.Retry ?? []) as readonly Retrier[];
    const name = error instanceof Error ? error.name : 'Error';
    // The first retrier whose ErrorEquals matches decides, as in Step Functions; States.ALL matches any error.
    const index = retriers.findIndex((r) => r.ErrorEquals.includes(name) || r.ErrorEquals.includes('States.ALL') || r.ErrorEquals.includes('States.TaskFailed'));
    if (index < 0) return;
    const retrier = { ...DEFAULTS, ...retriers[index] };
    const counts = this.attempts.get(state) ?? retriers.map(() => 0);
    const done = counts[index]!;
    if (done >= retrier.MaxAttempts) return;
    counts[index] = done + 1;
    this.attempts.set(state, counts);
    const wait = retrier.IntervalSeconds * retrier.BackoffRate ** done;
    this.pending.set(state, Math.min(wait, retrier.MaxDelaySeconds ?? Infinity) * 1000);
  }

  /** A task of `state` is about to run: if it is a retry, the wait before it passes first. */
  beforeAttempt(state: string): void {
    const wait = this.pending.get(state);
    if (wait === undefined) return;
    this.pending.delete(state);
    this.clock.advance(wait);
  }

  /** A task of `state` succeeded: a later entry of the state is a new attempt sequence, as Step Functions counts them. */
  succeeded(state: string): void {
    this.attempts.delete(state);
    this.pending.delete(state);
  }
}
