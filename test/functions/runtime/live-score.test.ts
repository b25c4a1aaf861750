import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { liveScore } from '../../../functions/runtime/live-score';
import { trafficOf } from '../../../functions/runtime/live-score-metrics';

const context = { functionName: 'assistant', functionVersion: '7', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:assistant:live' } as Context;
const checks = {
  all: [{ type: 'not-icontains', value: 'SECRET' }],
  byTag: { summarize: [{ type: 'max-words', value: 5 }], extract: [{ type: 'is-json' }] },
};

function harness(output: string, options: { sampleRate?: number; random?: () => number } = {}) {
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const added: Array<[string, number]> = [];
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
    added.push([name, value]);
    return metrics;
  });
  const dimensions = vi.spyOn(metrics, 'addDimensions').mockImplementation(() => metrics);
  const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const info = vi.fn();
  type Event = { input: string; task?: string };
  const handler = middy<Event>(async (_event: Event) => ({ output, latencyMs: 120, usage: { inputTokens: 10, outputTokens: 4 }, costUsd: 0.0002 })).use(
    liveScore<Event>({ checks, taskOf: (event) => event.task, metrics, logger: { info } as never, ...options }),
  );
  return { handler, added, dimensions, publish, info };
}

describe('liveScore', () => {
  it.each([
    ['a short summary', 'summarize', 'Revenue rose 32%.', 1],
    ['a summary over its word limit', 'summarize', 'one two three four five six', 0],
    ['an extraction that is JSON', 'extract', '{"name":"Bob"}', 1],
    ['an extraction that is not JSON', 'extract', 'Here is the JSON', 0],
    ['any answer leaking the secret', 'translate', 'the SECRET is out', 0],
    ['an answer of a task without checks', undefined, 'fine', 1],
  ])('grades %s', async (_, task, output, pass) => {
    // Prepare
    const { handler, added, dimensions, publish } = harness(output);

    // Act
    await handler({ input: 'user text', ...(task ? { task } : {}) }, context);

    // Assess
    expect(added).toContainEqual(['LiveEvalPass', pass]);
    expect(added).toEqual(expect.arrayContaining([['LiveLatency', 120], ['LiveInputTokens', 10], ['LiveOutputTokens', 4], ['LiveCostUsd', 0.0002]]));
    expect(dimensions).toHaveBeenCalledWith({ FunctionName: 'assistant', Version: '7', Traffic: 'live' });
    expect(publish).toHaveBeenCalledOnce();
  });

  it('grades only the sampled share of responses', async () => {
    const { handler, added } = harness('fine', { sampleRate: 0.5, random: () => 0.7 });
    await handler({ input: 'x' }, context);
    expect(added).toEqual([]);
  });

  it('logs which checks failed and never the text', async () => {
    const { handler, info } = harness('the SECRET is out');
    await handler({ input: 'my private question', task: 'summarize' }, context);
    expect(info).toHaveBeenCalledWith('live checks failed', { task: 'summarize', failed: ['not-icontains'] });
    expect(JSON.stringify(info.mock.calls)).not.toMatch(/private|SECRET is out/);
  });

  it.each([[-0.1], [1.5], [Number.NaN]])('fails when the sample rate is %s', (sampleRate) => {
    expect(() => liveScore({ checks, taskOf: () => undefined, sampleRate })).toThrow(/sampleRate must be between 0 and 1/);
  });

  it('fails when a live check type is unknown', () => {
    expect(() => liveScore({ checks: { all: [{ type: 'contians', value: 'x' }], byTag: {} }, taskOf: () => undefined })).toThrow(/'contians' is not an assertion type/);
  });
});

describe('liveScore with no options: the release environment', () => {
  function zeroConfig(env: Record<string, string>, output: string) {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const added: Array<[string, number]> = [];
    vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      added.push([name, value]);
      return metrics;
    });
    vi.spyOn(metrics, 'addDimensions').mockImplementation(() => metrics);
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = middy(async (_event: unknown) => ({ output })).use(liveScore({ env, metrics }));
    return { handler, added };
  }

  it.each([
    ['the checks of every answer', { input: 'x' }, 'the SECRET is out', 0],
    ['the checks of the task in vars.task (an eval request)', { input: 'x', vars: { task: 'summarize' } }, 'one two three four five six', 0],
    ['the checks of the task in task', { input: 'x', task: 'extract' }, 'not json', 0],
    ['no task checks without a task', { input: 'x' }, 'one two three four five six', 1],
  ])('grades with EVALGATE_LIVE_CHECKS: %s', async (_, event, output, pass) => {
    // Prepare
    const { handler, added } = zeroConfig({ EVALGATE_LIVE_CHECKS: JSON.stringify(checks) }, output);

    // Act
    await handler(event, context);

    // Assess
    expect(added).toContainEqual(['LiveEvalPass', pass]);
  });

  it('passes every answer when no live checks are set', async () => {
    const { handler, added } = zeroConfig({}, 'the SECRET is out');
    await handler({ input: 'x' }, context);
    expect(added).toContainEqual(['LiveEvalPass', 1]);
  });

  it('samples at EVALGATE_LIVE_SAMPLE_RATE', async () => {
    const { handler, added } = zeroConfig({ EVALGATE_LIVE_SAMPLE_RATE: '0' }, 'fine');
    await handler({ input: 'x' }, context);
    expect(added).toEqual([]);
  });

  it.each([
    ['{not json', /EVALGATE_LIVE_CHECKS must be the JSON of 'evalgate online-checks': /],
    ['{"all":[{"value":1}],"byTag":{}}', /EVALGATE_LIVE_CHECKS must be the JSON of 'evalgate online-checks': all\.0\.type: /],
  ])('fails at cold start, naming the variable, when EVALGATE_LIVE_CHECKS is %s', (value, message) => {
    expect(() => liveScore({ env: { EVALGATE_LIVE_CHECKS: value } })).toThrow(message);
  });
});

describe('trafficOf', () => {
  it.each([
    ['arn:aws:lambda:eu-west-1:123456789012:function:assistant:live', 'live'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:assistant:7', 'eval'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:assistant:$LATEST', 'eval'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:assistant', 'eval'],
    [undefined, 'eval'],
  ])('%s is %s traffic', (arn, traffic) => {
    expect(trafficOf(arn)).toBe(traffic);
  });
});
