import { TargetError } from '../targets/errors';
import type { Target, TargetRequest, TargetResponse } from '../types';

export interface RetryPolicy {
  /** Per-attempt deadline. */
  readonly timeoutMs: number;
  /** Extra attempts after the first, for retryable errors only. */
  readonly retries: number;
  /** First backoff; doubles at every retry, with jitter. */
  readonly backoffMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type InvokeOutcome =
  | { readonly ok: true; readonly response: TargetResponse; readonly latencyMs: number; readonly attempts: number }
  | { readonly ok: false; readonly error: TargetError; readonly latencyMs: number; readonly attempts: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Invokes a target with a deadline per attempt and retries retryable errors (timeouts, throttling, 5xx) with
 * exponential backoff. Latency is the target's own figure when it reports one, else the measured wall time.
 */
export async function invokeWithRetry(target: Target, request: TargetRequest, policy: RetryPolicy): Promise<InvokeOutcome> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    const started = performance.now();
    try {
      const response = await target.invoke(request, AbortSignal.timeout(policy.timeoutMs));
      return { ok: true, response, latencyMs: response.latencyMs ?? performance.now() - started, attempts: attempt };
    } catch (thrown) {
      const error = thrown instanceof TargetError ? thrown : new TargetError('function-error', `${target.spec} failed: ${(thrown as Error).message}`, false, { cause: thrown });
      const latencyMs = performance.now() - started;
      if (!error.retryable || attempt > policy.retries) return { ok: false, error, latencyMs, attempts: attempt };
      const backoff = policy.backoffMs * 2 ** (attempt - 1);
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}
