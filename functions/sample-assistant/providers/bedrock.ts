import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ModelUnavailableError } from '../errors';
import { costOf, type ConverseRequest, type ConverseResult, type ModelPrice, type ModelProvider } from './port';

/**
 * Converse errors that mean "this model cannot answer now: try another" (Bedrock API Reference, Converse, Errors;
 * "Troubleshooting Amazon Bedrock API error codes" advises retrying InternalFailure, ServiceUnavailable and
 * ThrottlingException). The others are not: AccessDeniedException, ResourceNotFoundException and
 * ValidationException are a configuration or a request the fallback would refuse too, and ModelErrorException
 * (the model failed on this request) is not documented as transient; they surface.
 */
const UNAVAILABLE_ERRORS = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'InternalServerException',
]);

/**
 * A Bedrock model behind the Converse API.
 *
 * @example
 * const provider = new BedrockProvider('anthropic.claude-3-5-haiku-20241022-v1:0', new BedrockRuntimeClient({}), price);
 * await provider.converse({ system, prompt, maxTokens: 300, temperature: 0 });
 */
export class BedrockProvider implements ModelProvider {
  constructor(
    readonly modelId: string,
    private readonly client: BedrockRuntimeClient,
    private readonly price: ModelPrice,
  ) {}

  async converse(request: ConverseRequest): Promise<ConverseResult> {
    const started = Date.now();
    const command = new ConverseCommand({
      modelId: this.modelId,
      system: [{ text: request.system }],
      messages: [{ role: 'user', content: [{ text: request.prompt }] }],
      inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
    });
    const response = await this.client.send(command).catch((error: unknown) => {
      const name = error instanceof Error ? error.name : '';
      if (UNAVAILABLE_ERRORS.has(name)) throw new ModelUnavailableError(this.modelId, name, { cause: error });
      throw error;
    });
    const text = (response.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
    const usage = { inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0 };
    return {
      text,
      usage,
      latencyMs: response.metrics?.latencyMs ?? Date.now() - started,
      costUsd: costOf(this.price, usage),
    };
  }
}
