import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LambdaTarget } from '../../../../functions/adapters/aws/lambda-target';

const lambda = mockSdkClient(LambdaClient);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const request = { input: 'Summarize: x', vars: { tone: 'short' }, caseId: 'q1' };

describe('LambdaTarget', () => {
  beforeEach(() => lambda.reset());

  it('invokes the qualified version with the request as payload', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '7', Payload: encode({ output: 'ok', latencyMs: 12, model: 'sim.assistant-2024-11-20' }) as never });
    const target = new LambdaTarget('lambda:assistant:7', new LambdaClient({}), 'assistant', '7');

    // Act
    const response = await target.invoke(request, AbortSignal.timeout(1_000));

    // Assess
    expect(response).toEqual({ output: 'ok', latencyMs: 12, model: 'sim.assistant-2024-11-20' });
    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect({ ...input, Payload: JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) }).toEqual({
      FunctionName: 'assistant',
      Qualifier: '7',
      InvocationType: 'RequestResponse',
      Payload: request,
    });
  });

  it('omits the qualifier when none is given', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ output: 'ok' }) as never });
    await new LambdaTarget('lambda:assistant', new LambdaClient({}), 'assistant').invoke(request, AbortSignal.timeout(1_000));
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).not.toHaveProperty('Qualifier');
  });

  it.each([
    ['Runtime.UnhandledPromiseRejection', { kind: 'function-error', retryable: false }],
    ['ThrottlingException', { kind: 'throttled', retryable: true }],
  ])('maps a function error of type %s', async (errorType, expected) => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorType, errorMessage: 'boom' }) as never });
    const call = new LambdaTarget('lambda:a', new LambdaClient({}), 'a').invoke(request, AbortSignal.timeout(1_000));
    await expect(call).rejects.toMatchObject(expected);
    await expect(call).rejects.toThrow(`${errorType}: boom`);
  });

  it('treats service throttling as retryable', async () => {
    lambda.on(InvokeCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(new LambdaTarget('lambda:a', new LambdaClient({}), 'a').invoke(request, AbortSignal.timeout(1_000))).rejects.toMatchObject({ kind: 'throttled', retryable: true });
  });

  it('fails when the payload breaks the contract', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ body: 'x' }) as never });
    await expect(new LambdaTarget('lambda:a', new LambdaClient({}), 'a').invoke(request, AbortSignal.timeout(1_000))).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});

describe('LambdaTarget.close', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('destroys the client only when it owns it (owns: %s)', async (owns, destroyed) => {
    const client = new LambdaClient({});
    const destroy = vi.spyOn(client, 'destroy');
    await new LambdaTarget('lambda:a:1', client, 'a', '1', owns).close();
    expect(destroy).toHaveBeenCalledTimes(destroyed);
  });
});
