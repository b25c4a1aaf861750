/** Fakes and shortcuts for the assistant's tests. */
import type { Context } from 'aws-lambda';
import { answer } from '../../../functions/sample-assistant/assistant';
import type { AssistantRequest } from '../../../functions/sample-assistant/event';
import type { PromptBundleId } from '../../../functions/sample-assistant/prompts';
import type { ConverseRequest, ConverseResult, ModelProvider } from '../../../functions/sample-assistant/providers/port';
import { SimulatedProvider } from '../../../functions/sample-assistant/providers/simulated';
import { snapshotProfile } from '../../../functions/sample-assistant/simulated/profiles';

export const GOOD = 'sim.assistant-2024-11-20';
export const REGRESSED = 'sim.assistant-2025-02-14';
export const LONG_INPUT_WEAK = 'sim.assistant-2025-04-01';

export const simulated = (modelId: string): SimulatedProvider => new SimulatedProvider(snapshotProfile(modelId, 'EVALGATE_MODEL_ID'));

/** The output of the whole assistant (routing, prompts of the bundle, simulated snapshot) for one input. */
export async function ask(input: string, modelId = GOOD, vars?: AssistantRequest['vars'], promptBundle?: PromptBundleId): Promise<string> {
  const reply = await answer({ input, ...(vars ? { vars } : {}) }, { primary: simulated(modelId) }, promptBundle);
  return reply.response.output;
}

/** A provider that answers with a fixed text, or fails with `error`, and remembers what it was asked. */
export class FakeProvider implements ModelProvider {
  readonly requests: ConverseRequest[] = [];

  constructor(
    readonly modelId: string,
    private readonly outcome: { text: string } | { error: Error },
  ) {}

  async converse(request: ConverseRequest): Promise<ConverseResult> {
    this.requests.push(request);
    if ('error' in this.outcome) throw this.outcome.error;
    return { text: this.outcome.text, usage: { inputTokens: 120, outputTokens: 8 }, latencyMs: 42, costUsd: 0.0001 };
  }
}

export const lambdaContext = (): Context => ({
  functionName: 'assistant',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:assistant',
  memoryLimitInMB: '1024',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/assistant',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;
