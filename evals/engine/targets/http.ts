/**
 * `http(s)://...`: POSTs the request as JSON and reads the response as JSON. 429 and 5xx are retryable.
 * Built on node:http with a keep-alive agent rather than fetch: the CLI's start-up is part of every gate's
 * wall time, and fetch's first use loads a large HTTP stack.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Target, TargetRequest, TargetResponse } from '../types';
import { TargetError } from './errors';
import { toTargetResponse } from './response';

export class HttpTarget implements Target {
  private readonly agent: HttpAgent;

  constructor(
    readonly spec: string,
    private readonly url: URL,
  ) {
    this.agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  async invoke(request: TargetRequest, signal: AbortSignal): Promise<TargetResponse> {
    const { status, body } = await this.post(JSON.stringify(request), signal);
    if (status < 200 || status >= 300) {
      const throttled = status === 429;
      throw new TargetError(throttled ? 'throttled' : 'http', `${this.spec} answered HTTP ${status}`, throttled || status >= 500);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new TargetError('invalid-response', `${this.spec} answered with a body that is not JSON`, false, { cause: error });
    }
    return toTargetResponse(this.spec, parsed);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private post(payload: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(this.url, {
        method: 'POST',
        agent: this.agent,
        signal,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(payload) },
      });
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => reject(this.failure(error, signal)));
      });
      req.on('error', (error) => reject(this.failure(error, signal)));
      req.end(payload);
    });
  }

  private failure(error: Error, signal: AbortSignal): TargetError {
    if (signal.aborted) return new TargetError('timeout', `${this.spec} did not answer in time`, true, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    return new TargetError('network', `${this.spec} is unreachable: ${code ?? error.message}`, true, { cause: error });
  }
}
