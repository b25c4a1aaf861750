import { describe, expect, it } from 'vitest';
import { runEvals, type RunOptions } from '../../../evals/engine/runner/runner';
import { TargetError } from '../../../evals/engine/targets/errors';
import type { Target } from '../../../evals/engine/types';
import { FakeTarget } from '../../helpers/fake-target';
import { suiteOf } from '../../helpers/suites';

const noSleep = async () => undefined;
const base = { concurrency: 4, repeat: 1, timeoutMs: 1_000, retries: 2, backoffMs: 1, sleep: noSleep } satisfies Partial<RunOptions>;
const echo = new FakeTarget('echo', (r) => ({ output: r.input }));

describe('runEvals', () => {
  it('grades every case and returns results in case order', async () => {
    // Prepare
    const suite = suiteOf('s', [['a', 'alpha', 'alpha'], ['b', 'beta', 'nope'], ['c', 'gamma', 'gam']]);

    // Act
    const result = await runEvals({ ...base, suites: [suite], target: echo });

    // Assess
    expect(result.candidate.map((c) => [c.id, c.pass])).toEqual([['a', true], ['b', false], ['c', true]]);
    expect(result.candidate[1]!.runs[0]!.assertions[0]).toMatchObject({ type: 'contains', pass: false, reason: "output does not contain 'nope'" });
    expect(result.baseline).toBeUndefined();
  });

  it('never has more than `concurrency` calls in flight', async () => {
    const target = new FakeTarget('t', (r) => ({ output: r.input }));
    const cases = Array.from({ length: 40 }, (_, i) => [`c${i}`, `x${i}`, 'x'] as const);
    await runEvals({ ...base, concurrency: 5, suites: [suiteOf('s', cases)], target });
    expect(target.maxInFlight).toBe(5);
    expect(target.calls).toHaveLength(40);
  });

  it('retries retryable errors and records the attempts', async () => {
    const flaky = new FakeTarget('t', (r, attempt) => (attempt < 3 ? new TargetError('throttled', 'slow down', true) : { output: r.input }));
    const result = await runEvals({ ...base, suites: [suiteOf('s', [['a', 'x', 'x']])], target: flaky });
    expect(result.candidate[0]).toMatchObject({ pass: true, error: false });
    expect(result.candidate[0]!.runs[0]!.attempts).toBe(3);
  });

  it('counts a case whose retries run out as an error, apart from failures', async () => {
    const down = new FakeTarget('t', () => new TargetError('http', 'HTTP 503', true));
    const result = await runEvals({ ...base, suites: [suiteOf('s', [['a', 'x', 'x']])], target: down });
    expect(result.candidate[0]).toMatchObject({ pass: false, error: true });
    expect(result.candidate[0]!.runs[0]).toMatchObject({ attempts: 3, error: { kind: 'http', message: 'HTTP 503' } });
  });

  it('does not retry errors that are not retryable', async () => {
    const broken = new FakeTarget('t', () => new TargetError('function-error', 'TypeError', false));
    const result = await runEvals({ ...base, suites: [suiteOf('s', [['a', 'x', 'x']])], target: broken });
    expect(result.candidate[0]!.runs[0]!.attempts).toBe(1);
  });

  it('turns an unexpected exception of a target into a function error', async () => {
    const buggy = new FakeTarget('t', () => new RangeError('bug'));
    const result = await runEvals({ ...base, suites: [suiteOf('s', [['a', 'x', 'x']])], target: buggy });
    expect(result.candidate[0]!.runs[0]!.error).toEqual({ kind: 'function-error', message: 't failed: bug' });
  });

  it('times out a slow target per attempt', async () => {
    const target: Target = {
      spec: 'slow',
      close: async () => undefined,
      invoke: (_, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new TargetError('timeout', 'late', true)))),
    };
    const result = await runEvals({ ...base, timeoutMs: 20, retries: 1, suites: [suiteOf('s', [['a', 'x', 'x']])], target });
    expect(result.candidate[0]!.runs[0]).toMatchObject({ attempts: 2, error: { kind: 'timeout' } });
  });

  it('runs the baseline on the same cases', async () => {
    const old = new FakeTarget('old', () => ({ output: 'old answer' }));
    const suite = suiteOf('s', [['a', 'x', 'answer'], ['b', 'y', 'new']]);
    const result = await runEvals({ ...base, suites: [suite], target: new FakeTarget('new', () => ({ output: 'new answer' })), baseline: old });
    expect(result.baseline!.map((c) => [c.id, c.pass])).toEqual([['a', true], ['b', false]]);
    expect(result.candidate.map((c) => [c.id, c.pass])).toEqual([['a', true], ['b', true]]);
    expect(old.calls.map((c) => c.caseId)).toEqual(['a', 'b']);
  });

  it('repeats cases and marks the ones that disagree as flaky', async () => {
    let n = 0;
    const coin = new FakeTarget('t', (r) => ({ output: r.caseId === 'f' ? (n++ % 2 === 0 ? 'yes' : 'no') : 'yes' }));
    const progress: number[] = [];
    const result = await runEvals({ ...base, concurrency: 1, repeat: 3, suites: [suiteOf('s', [['f', 'x', 'yes'], ['s', 'y', 'yes']])], target: coin, onProgress: (done) => progress.push(done) });
    expect(result.candidate[0]).toMatchObject({ id: 'f', flaky: true, pass: true });
    expect(result.candidate[0]!.runs).toHaveLength(3);
    expect(result.candidate[1]).toMatchObject({ id: 's', flaky: false });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('uses the latency the target reports, else the measured one', async () => {
    const reporting = new FakeTarget('t', (r) => ({ output: r.input, latencyMs: r.caseId === 'a' ? 1234 : undefined }) as never);
    const result = await runEvals({ ...base, suites: [suiteOf('s', [['a', 'x', 'x'], ['b', 'y', 'y']])], target: reporting });
    expect(result.candidate[0]!.runs[0]!.latencyMs).toBe(1234);
    expect(result.candidate[1]!.runs[0]!.latencyMs).toBeLessThan(1000);
  });
});
