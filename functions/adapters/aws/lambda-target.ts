/**
 * `lambda:FUNCTION[:QUALIFIER]`: evaluates a published Lambda version or alias through Invoke.
 * Throttling and service faults are retryable; a function error is the app's fault and is not.
 */
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { RETRYABLE_FUNCTION_ERRORS, TargetError } from '../../../evals/engine/targets/errors';
import { toTargetResponse } from '../../../evals/engine/targets/response';
import type { Target, TargetRequest, TargetResponse } from '../../../evals/engine/types';

const RETRYABLE_SERVICE_ERRORS = /TooManyRequests|Throttl|ServiceException|EC2ThrottledException|ResourceNotReady/;

export class LambdaTarget implements Target {
  /** `ownsClient`: close() destroys the client; false when the client is shared (a warm Lambda reuses it). */
  constructor(
    readonly spec: string,
    private readonly client: LambdaClient,
    private readonly functionName: string,
    private readonly qualifier?: string,
    private readonly ownsClient = false,
  ) {}

  static withDefaultClient(spec: string, functionName: string, qualifier?: string): LambdaTarget {
    return new LambdaTarget(spec, new LambdaClient({}), functionName, qualifier, true);
  }

  async invoke(request: TargetRequest, signal: AbortSignal): Promise<TargetResponse> {
    let output: InvokeCommandOutput;
    try {
      output = await this.client.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          ...(this.qualifier === undefined ? {} : { Qualifier: this.qualifier }),
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (signal.aborted) throw new TargetError('timeout', `${this.spec} did not answer in time`, true, { cause: error });
      const name = (error as Error).name;
      const retryable = RETRYABLE_SERVICE_ERRORS.test(name);
      throw new TargetError(retryable ? 'throttled' : 'function-error', `${this.spec}: ${name}: ${(error as Error).message}`, retryable, { cause: error });
    }
    const body = decode(this.spec, output.Payload);
    if (output.FunctionError) {
      const errorType = typeof body === 'object' && body && 'errorType' in body ? String(body.errorType) : output.FunctionError;
      const message = typeof body === 'object' && body && 'errorMessage' in body ? String(body.errorMessage) : '';
      const retryable = RETRYABLE_FUNCTION_ERRORS.test(errorType);
      throw new TargetError(retryable ? 'throttled' : 'function-error', `${this.spec} failed: ${errorType}: ${message}`, retryable);
    }
    return toTargetResponse(this.spec, body);
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }
}

function decode(spec: string, payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch (error) {
    throw new TargetError('invalid-response', `${spec} returned a payload that is not JSON`, false, { cause: error });
  }
}
