import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTarget } from '../../../../evals/engine/targets/http';
import { json, startServer, type TestServer } from '../../../helpers/http-target-server';

describe('HttpTarget', () => {
  let server: TestServer;
  let target: HttpTarget;

  beforeAll(async () => {
    server = await startServer(async (body, res) => {
      const [command] = body.input.split(':');
      if (command === 'status') return json(res, Number(body.input.split(':')[1]), { message: 'no' });
      if (command === 'text') return json(res, 200, 'not json');
      if (command === 'shape') return json(res, 200, { answer: 1 });
      if (command === 'slow') await new Promise((r) => setTimeout(r, 500));
      return json(res, 200, { output: `echo ${body.input}`, usage: { inputTokens: 3, outputTokens: 2 } });
    });
    target = new HttpTarget(server.url, new URL(server.url));
  });
  afterAll(() => server.close());

  it('POSTs the request as JSON and reads the response', async () => {
    // Act
    const response = await target.invoke({ input: 'hello', vars: { a: 1 }, caseId: 'c1' }, AbortSignal.timeout(2_000));

    // Assess
    expect(response).toEqual({ output: 'echo hello', usage: { inputTokens: 3, outputTokens: 2 } });
    expect(server.requests.at(-1)).toEqual({ input: 'hello', vars: { a: 1 }, caseId: 'c1' });
  });

  it.each([
    ['status:429', { kind: 'throttled', retryable: true }, /HTTP 429/],
    ['status:503', { kind: 'http', retryable: true }, /HTTP 503/],
    ['status:400', { kind: 'http', retryable: false }, /HTTP 400/],
    ['text', { kind: 'invalid-response', retryable: false }, /not JSON/],
    ['shape', { kind: 'invalid-response', retryable: false }, /invalid response: output/],
  ])('classifies %s', async (input, expected, message) => {
    const call = target.invoke({ input, vars: {}, caseId: 'x' }, AbortSignal.timeout(2_000));
    await expect(call).rejects.toMatchObject(expected);
    await expect(call).rejects.toThrow(message);
  });

  it('reports a timeout as retryable', async () => {
    await expect(target.invoke({ input: 'slow', vars: {}, caseId: 'x' }, AbortSignal.timeout(50))).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('reports an unreachable host as a retryable network error', async () => {
    const gone = await startServer((_, res) => json(res, 200, {}));
    await gone.close();
    const closed = new HttpTarget(gone.url, new URL(gone.url));
    await expect(closed.invoke({ input: 'x', vars: {}, caseId: 'x' }, AbortSignal.timeout(2_000))).rejects.toThrow(/unreachable: ECONNREFUSED/);
  });
});
