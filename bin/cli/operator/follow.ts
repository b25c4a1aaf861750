/**
 * Follows a release execution to its end (or until the caller stops waiting), printing its timeline as events
 * arrive: Step Functions history on AWS, the stage's own history locally.
 */
import type { ReleaseExecutions } from '../../../functions/ports/release-executions';
import { Timeline } from './timeline';

export interface FollowOptions {
  readonly pollMs: number;
  /** Gives up waiting (the execution goes on) when this aborts. */
  readonly signal?: AbortSignal;
}

/** Waits `ms`, or less when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((done) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      done();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

/**
 * @example
 * const timeline = await follow(executions, executionArn, (line) => io.stdout(`${line}\n`), { pollMs: 3000 });
 * timeline.end?.exitCode; // 0 promoted, 1 blocked / rolled back / aborted, 2 refused, 3 needs a person
 */
export async function follow(executions: Pick<ReleaseExecutions, 'events'>, executionArn: string, print: (line: string) => void, options: FollowOptions): Promise<Timeline> {
  const timeline = new Timeline(print);
  let after = 0;
  while (!timeline.end && !options.signal?.aborted) {
    for (const event of await executions.events(executionArn, after)) {
      timeline.add(event);
      after = event.id;
    }
    if (!timeline.end) await sleep(options.pollMs, options.signal);
  }
  return timeline;
}

/**
 * Tries `attempt` until it gives a value or `timeoutMs` has passed (then undefined), every `intervalMs`.
 *
 * @example
 * const record = await pollUntil(() => store.findRecord(fn, alias, id, since), 120_000, 2_000);
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, timeoutMs: number, intervalMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined || Date.now() >= deadline) return value;
    await sleep(intervalMs);
  }
}
