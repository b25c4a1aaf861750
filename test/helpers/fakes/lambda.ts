/**
 * What a handler test needs around the fake world: a Lambda context, the task functions' environment (what
 * their schemas read) and the log lines written.
 */
import type { Context } from 'aws-lambda';
import { vi, type MockInstance } from 'vitest';

export const lambdaContext = (): Context => ({
  functionName: 'evalgate-task',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:evalgate-task',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/evalgate-task',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** Every variable any task function reads, with valid values. */
export const TASK_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  EVALGATE_TABLE_NAME: 'evalgate-releases',
  EVALGATE_REPORTS_BUCKET: 'evalgate-reports',
  EVALGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:evalgate',
  EVALGATE_APPCONFIG_APPLICATION_ID: 'app1',
  EVALGATE_APPCONFIG_ENVIRONMENT_ID: 'env1',
  EVALGATE_APPCONFIG_PROFILE_ID: 'prof1',
  EVALGATE_APPCONFIG_STRATEGY_ID: 'strat1',
  EVALGATE_EVAL_SHARDS: JSON.stringify([{ suite: 'quality', index: 0, from: 0, to: 20 }]),
  EVALGATE_ALARM_THRESHOLDS: JSON.stringify({ errorRate: 0.05, p99DurationMs: 8000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 }),
  EVALGATE_EXTRA_ALARMS: '["team-p1"]',
  EVALGATE_MAX_RELEASE_MINUTES: '120',
  EVALGATE_SUITES_DIR: 'evals/suites',
  EVALGATE_POLICY_FILE: 'evals/policy.yaml',
  EVALGATE_EVAL_CONCURRENCY: '4',
};

/**
 * Captures what the Powertools logger writes. `POWERTOOLS_LOGGER_LOG_EVENT` is pinned on to prove the handlers
 * override it.
 *
 * @example
 * const logs = captureLogs(); ...; expect(logs.text()).not.toContain(SECRET); logs.restore();
 */
export function captureLogs(): { text(): string; lines(): Array<Record<string, unknown>>; restore(): void } {
  vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  const stdout: MockInstance<typeof process.stdout.write> = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr: MockInstance<typeof process.stderr.write> = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const text = () => [...stdout.mock.calls, ...stderr.mock.calls].map(([chunk]) => String(chunk)).join('');
  return {
    text,
    lines: () => text().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
    },
  };
}
