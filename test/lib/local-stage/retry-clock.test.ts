import { describe, expect, it } from 'vitest';
import { RetryClock } from '../../../lib/local-stage/retry-clock';

const asl = {
  StartAt: 'DecideGate',
  States: {
    DecideGate: {
      Type: 'Task',
      Retry: [
        { ErrorEquals: ['TransientReleaseError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 },
        { ErrorEquals: ['LiveScoresPendingError'], IntervalSeconds: 60, BackoffRate: 1, MaxAttempts: 2 },
      ],
    },
    Finalize: { Type: 'Task' },
  },
};
const named = (name: string) => Object.assign(new Error(name), { name });

function clock() {
  const waits: number[] = [];
  return { waits, advance: (ms: number) => waits.push(ms) };
}

describe('RetryClock', () => {
  it('passes each retry’s wait, IntervalSeconds x BackoffRate^n, before the retry runs', () => {
    // Prepare
    const time = clock();
    const retries = new RetryClock(asl, time);

    // Act
    for (let i = 0; i < 3; i += 1) {
      retries.failed('DecideGate', named('TransientReleaseError'));
      retries.beforeAttempt('DecideGate');
    }

    // Assess
    expect(time.waits).toEqual([2000, 4000, 8000]);
  });

  it('stops at MaxAttempts, keeps a count per retrier, and waits for nothing a retrier does not take', () => {
    // Prepare
    const time = clock();
    const retries = new RetryClock(asl, time);

    // Act
    for (const error of ['LiveScoresPendingError', 'LiveScoresPendingError', 'LiveScoresPendingError', 'ReleaseRefusedError']) {
      retries.failed('DecideGate', named(error));
      retries.beforeAttempt('DecideGate');
    }
    retries.failed('Finalize', named('TransientReleaseError'));
    retries.beforeAttempt('Finalize');

    // Assess
    expect(time.waits).toEqual([60_000, 60_000]);
  });

  it('counts attempts afresh after a success, as Step Functions does for each entry of a state', () => {
    const time = clock();
    const retries = new RetryClock(asl, time);
    retries.failed('DecideGate', named('TransientReleaseError'));
    retries.beforeAttempt('DecideGate');
    retries.succeeded('DecideGate');
    retries.failed('DecideGate', named('TransientReleaseError'));
    retries.beforeAttempt('DecideGate');
    expect(time.waits).toEqual([2000, 2000]);
  });
});
