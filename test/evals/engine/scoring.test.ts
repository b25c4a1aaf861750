import { describe, expect, it } from 'vitest';
import { aggregateRuns, passRate, scoreCase } from '../../../evals/engine/scoring';
import type { AssertionOutcome, CaseResult, CaseRun } from '../../../evals/engine/types';

const outcome = (pass: boolean, weight = 1, score = pass ? 1 : 0): AssertionOutcome => ({ type: 'contains', pass, score, weight, reason: '' });
const run = (pass: boolean, score = pass ? 1 : 0, assertions: AssertionOutcome[] = [outcome(pass)]): CaseRun => ({ attempts: 1, latencyMs: 10, pass, score, assertions });
const errored = (): CaseRun => ({ attempts: 3, latencyMs: 0, pass: false, score: 0, assertions: [], error: { kind: 'http', message: 'HTTP 503' } });

describe('scoreCase', () => {
  it.each([
    ['every assertion passes', [outcome(true), outcome(true)], undefined, 1, true],
    ['one assertion fails (no threshold: all must pass)', [outcome(true), outcome(false)], undefined, 0.5, false],
    ['a heavy assertion passes and meets the threshold', [outcome(true, 3), outcome(false, 1)], 0.75, 0.75, true],
    ['a heavy assertion fails under the threshold', [outcome(false, 3), outcome(true, 1)], 0.5, 0.25, false],
    ['partial scores are weighted', [outcome(false, 2, 0.5), outcome(true, 1)], 0.6, 2 / 3, true],
    ['a threshold of 0 passes anything', [outcome(false)], 0, 0, true],
    ['floating error does not sink an exact threshold', [outcome(true, 0.1), outcome(true, 0.2), outcome(false, 0.7)], 0.3, 0.3, true],
    ['there are no assertions', [], undefined, 0, true],
    ['there are no assertions but a threshold', [], 0.5, 0, false],
  ])('scores when %s', (_, outcomes, threshold, score, pass) => {
    // Act
    const verdict = scoreCase(outcomes, threshold);

    // Assess
    expect(verdict.score).toBeCloseTo(score, 12);
    expect(verdict.pass).toBe(pass);
  });
});

describe('aggregateRuns', () => {
  it.each([
    ['a single pass', [run(true)], { pass: true, error: false, flaky: false, score: 1 }],
    ['a single failure', [run(false)], { pass: false, error: false, flaky: false, score: 0 }],
    ['a majority of passes', [run(true), run(true), run(false)], { pass: true, error: false, flaky: true, score: 2 / 3 }],
    ['a majority of failures', [run(true), run(false), run(false)], { pass: false, error: false, flaky: true, score: 1 / 3 }],
    ['a tie (ties fail)', [run(true), run(false)], { pass: false, error: false, flaky: true, score: 0.5 }],
    ['errors left out of the majority', [run(true), errored(), errored()], { pass: true, error: false, flaky: false, score: 1 }],
    ['a tie among judged runs with an error', [run(true), run(false), errored()], { pass: false, error: false, flaky: true, score: 0.5 }],
    ['every run errored', [errored(), errored()], { pass: false, error: true, flaky: false, score: 0 }],
    ['partial scores averaged', [run(false, 0.4), run(false, 0.6)], { pass: false, error: false, flaky: false, score: 0.5 }],
  ])('folds %s', (_, runs, expected) => {
    // Act
    const result = aggregateRuns('quality', 'case-1', ['smoke'], runs);

    // Assess
    expect(result).toMatchObject({ suite: 'quality', id: 'case-1', tags: ['smoke'], runs, pass: expected.pass, error: expected.error, flaky: expected.flaky });
    expect(result.score).toBeCloseTo(expected.score, 12);
  });
});

describe('passRate', () => {
  const result = (id: string, runs: CaseRun[]): CaseResult => aggregateRuns('s', id, [], runs);
  const results: CaseResult[] = [
    result('a', [run(true, 1, [outcome(true), outcome(true)])]),
    result('b', [run(false, 0.5, [outcome(true), outcome(false)])]),
    result('c', [run(false, 2 / 3, [outcome(true), outcome(true), outcome(false)])]),
    result('d', [errored()]),
  ];

  it('counts cases, leaving errors out', () => {
    expect(passRate(results, 'cases')).toEqual({ judged: 3, passed: 1, rate: 1 / 3 });
  });

  it('counts checks of judged runs, leaving errors out', () => {
    expect(passRate(results, 'checks')).toEqual({ judged: 7, passed: 5, rate: 5 / 7 });
  });

  it('counts the checks of every judged repeat, not of errored repeats', () => {
    // Prepare
    const repeated = [result('a', [run(true, 1, [outcome(true)]), run(false, 0, [outcome(false)]), errored()])];

    // Act
    const rate = passRate(repeated, 'checks');

    // Assess
    expect(rate).toEqual({ judged: 2, passed: 1, rate: 0.5 });
  });

  it.each(['cases', 'checks'] as const)('is 0 in %s mode when nothing could be judged', (mode) => {
    expect(passRate([result('d', [errored()])], mode)).toEqual({ judged: 0, passed: 0, rate: 0 });
    expect(passRate([], mode)).toEqual({ judged: 0, passed: 0, rate: 0 });
  });
});
