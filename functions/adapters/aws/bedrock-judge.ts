/**
 * A judge model on Amazon Bedrock (Converse API) for `llm-rubric`. The model id must be pinned: a judge that
 * changes under the suite changes every grade.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { GradingResult, JudgeModel } from '../../../evals/engine/types';
import { assertModelPinned } from '../../../evals/engine/pins';

const SYSTEM = [
  'You grade the output of an AI assistant against a rubric.',
  'Answer with one JSON object and nothing else: {"pass": boolean, "score": number between 0 and 1, "reason": short string}.',
].join(' ');

export class BedrockJudge implements JudgeModel {
  readonly modelId: string;

  constructor(
    private readonly client: BedrockRuntimeClient,
    modelId: string,
  ) {
    this.modelId = assertModelPinned(modelId, '--judge');
  }

  static withDefaultClient(modelId: string): BedrockJudge {
    return new BedrockJudge(new BedrockRuntimeClient({}), modelId);
  }

  async grade({ rubric, output, input }: { rubric: string; output: string; input: string }): Promise<GradingResult> {
    const response = await this.client.send(
      new ConverseCommand({
        modelId: this.modelId,
        system: [{ text: SYSTEM }],
        messages: [{ role: 'user', content: [{ text: `<rubric>${rubric}</rubric>\n<input>${input}</input>\n<output>${output}</output>` }] }],
        inferenceConfig: { maxTokens: 300, temperature: 0 },
      }),
    );
    const text = response.output?.message?.content?.map((block) => block.text ?? '').join('') ?? '';
    return parseVerdict(text);
  }
}

/** Reads the judge's JSON verdict; anything else is a failed grade that says what came back. */
export function parseVerdict(text: string): GradingResult {
  const match = /\{[\s\S]*\}/.exec(text);
  try {
    const verdict = JSON.parse(match?.[0] ?? '') as { pass?: unknown; score?: unknown; reason?: unknown };
    const score = typeof verdict.score === 'number' ? Math.min(1, Math.max(0, verdict.score)) : verdict.pass === true ? 1 : 0;
    const pass = typeof verdict.pass === 'boolean' ? verdict.pass : score >= 0.5;
    return { pass, score, reason: typeof verdict.reason === 'string' ? verdict.reason : 'no reason given' };
  } catch {
    return { pass: false, score: 0, reason: `judge answer is not a JSON verdict: ${text.slice(0, 80)}` };
  }
}
