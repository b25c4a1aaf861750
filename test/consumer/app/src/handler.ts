/**
 * The FAQ assistant's Lambda handler: answers a question from the FAQ, in the response shape evalgate grades
 * (`{ output, latencyMs, usage }`) plus the model it ran with. The model comes from the release environment
 * EvalGatedRelease sets on every version, read once per cold start.
 */
import middy from '@middy/core';
import { liveScore, readReleaseEnv } from 'evalgate/runtime';
import { FALLBACK_ANSWER, findEntry } from './faq';

export interface FaqRequest {
  readonly input: string;
  readonly vars?: Readonly<Record<string, unknown>>;
}

export interface FaqResponse {
  readonly output: string;
  readonly latencyMs: number;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly model: string;
}

const { modelId } = readReleaseEnv();

/** Roughly what a tokenizer counts: the figures a model call would report. */
const tokens = (text: string): number => Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3);

export async function answer(event: FaqRequest): Promise<FaqResponse> {
  const started = performance.now();
  const output = findEntry(event.input)?.answer ?? FALLBACK_ANSWER;
  return {
    output,
    latencyMs: Math.round(performance.now() - started),
    usage: { inputTokens: tokens(event.input), outputTokens: tokens(output) },
    model: modelId,
  };
}

export const handler = middy(answer).use(liveScore());
