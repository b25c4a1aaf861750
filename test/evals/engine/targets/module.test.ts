import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetError, TargetSpecError } from '../../../../evals/engine/targets/errors';
import { ModuleTarget } from '../../../../evals/engine/targets/module';

const ECHO = 'test/fixtures/targets/echo-handler.ts';
const request = (input: string, caseId = input) => ({ input, vars: {}, caseId });
const signal = () => AbortSignal.timeout(5_000);

describe('ModuleTarget', () => {
  let red: ModuleTarget;
  let blue: ModuleTarget;

  beforeAll(async () => {
    [red, blue] = await Promise.all([
      ModuleTarget.start({ spec: 'red', path: ECHO, exportName: 'handler', env: { ECHO_PREFIX: 'red' } }),
      ModuleTarget.start({ spec: 'blue', path: ECHO, exportName: 'handler', env: { ECHO_PREFIX: 'blue' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([red.close(), blue.close()]);
  });

  it('runs two instances of one handler side by side, each with its own environment', async () => {
    // Act
    const [a, b] = await Promise.all([red.invoke(request('hi'), signal()), blue.invoke(request('hi'), signal())]);

    // Assess
    expect(a).toEqual({ output: 'red:hi', latencyMs: 42, costUsd: 0.001, model: 'sim.echo-red' });
    expect(b.output).toBe('blue:hi');
    expect(process.env.ECHO_PREFIX).toBeUndefined();
  });

  it('gives the handler a Lambda-like context', async () => {
    expect((await red.invoke(request('deadline'), signal())).output).toBe('true');
  });

  it('reports a thrown error as a function error that is not retried', async () => {
    const call = red.invoke(request('throw:x'), signal());
    await expect(call).rejects.toMatchObject({ kind: 'function-error', retryable: false });
    await expect(call).rejects.toThrow(/TypeError: asked to fail/);
  });

  it('reports a throttling error as retryable', async () => {
    await expect(red.invoke(request('throttle-once', 't1'), signal())).rejects.toMatchObject({ kind: 'throttled', retryable: true });
    expect((await red.invoke(request('throttle-once', 't1'), signal())).output).toBe('ok after 2 calls');
  });

  it('fails when the response breaks the contract', async () => {
    await expect(red.invoke(request('bad'), signal())).rejects.toThrow(/invalid response: output: /);
  });

  it('times out through the abort signal', async () => {
    const call = red.invoke(request('sleep:2000'), AbortSignal.timeout(50));
    await expect(call).rejects.toBeInstanceOf(TargetError);
    await expect(call).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });

  it.each([
    ['a missing file', 'test/fixtures/targets/nope.ts', 'handler', {}, /module file not found/],
    ['a missing export', ECHO, 'other', {}, /export 'other' is not a function/],
    ['an export that is not a function', ECHO, 'notAFunction', {}, /export 'notAFunction' is not a function/],
    ['its initialisation throws', 'test/fixtures/targets/init-fails.ts', 'handler', {}, /initialisation failed: Error: REQUIRED_SETTING is not set/],
  ])('fails to start when %s', async (_, path, exportName, env, message) => {
    const start = ModuleTarget.start({ spec: 'x', path, exportName, env });
    await expect(start).rejects.toBeInstanceOf(TargetSpecError);
    await expect(start).rejects.toThrow(message);
  });

  it('starts when the environment satisfies the module', async () => {
    const target = await ModuleTarget.start({ spec: 'x', path: 'test/fixtures/targets/init-fails.ts', exportName: 'handler', env: { REQUIRED_SETTING: '1' } });
    expect((await target.invoke(request('a'), signal())).output).toBe('never');
    await target.close();
    await expect(target.invoke(request('a'), signal())).rejects.toThrow(/closed/);
  });
});

describe('ModuleTarget as a Lambda version', () => {
  it('tells the handler its version and qualifier, and hands over its output in order', async () => {
    // Prepare
    const lines: string[] = [];
    const target = await ModuleTarget.start({ spec: 'v7', path: 'test/fixtures/targets/context-handler.ts', exportName: 'handler', env: {}, functionName: 'assistant', version: '7', onOutput: (line) => lines.push(line) });

    // Act
    const direct = await target.invoke(request('a'), signal());
    const lines0 = lines.length;
    const live = await target.invokeAs(request('b'), signal(), { qualifier: 'live' });
    await target.close();

    // Assess
    expect(JSON.parse(direct.output)).toEqual({ functionName: 'assistant', functionVersion: '7', invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:assistant:7' });
    expect(JSON.parse(live.output).invokedFunctionArn).toBe('arn:aws:lambda:local:000000000000:function:assistant:live');
    expect(lines0).toBe(2);
    expect(lines).toEqual(['init', 'handled a', 'handled b']);
  });
});
