import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockSdkClient } from '../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AssistantConfigError, ModelUnavailableError } from '../../../functions/sample-assistant/errors';
import { converseWithFallback } from '../../../functions/sample-assistant/fallback';
import { BedrockProvider } from '../../../functions/sample-assistant/providers/bedrock';
import { bedrockPrice } from '../../../functions/sample-assistant/providers/bedrock-pricing';

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const PRICE = { inputPer1k: 0.0008, outputPer1k: 0.004 };
const REQUEST = { system: 'You are Lumen Assist.', prompt: 'Task: translate ...', maxTokens: 300, temperature: 0 };
const EXPECTED_INPUT: ConverseCommandInput = {
  modelId: MODEL_ID,
  system: [{ text: 'You are Lumen Assist.' }],
  messages: [{ role: 'user', content: [{ text: 'Task: translate ...' }] }],
  inferenceConfig: { maxTokens: 300, temperature: 0 },
};

// One mock of the class for the file: a second mockClient of it would undo the first.
const bedrock = mockSdkClient(BedrockRuntimeClient);

describe('BedrockProvider', () => {
  const provider = () => new BedrockProvider(MODEL_ID, new BedrockRuntimeClient({ region: 'eu-west-1' }), PRICE);

  beforeEach(() => bedrock.reset());

  it('sends one Converse command with the exact input and maps the answer', async () => {
    // Prepare
    bedrock.on(ConverseCommand, EXPECTED_INPUT, true).resolves({
      output: { message: { role: 'assistant', content: [{ text: 'Bon' }, { text: 'jour' }] } },
      usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 },
      metrics: { latencyMs: 812 },
      stopReason: 'end_turn',
    });

    // Act
    const result = await provider().converse(REQUEST);

    // Assess
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(bedrock.commandCalls(ConverseCommand)[0]!.args[0].input).toEqual(EXPECTED_INPUT);
    expect(result).toEqual({ text: 'Bonjour', usage: { inputTokens: 1000, outputTokens: 500 }, latencyMs: 812, costUsd: 0.0028 });
  });

  it('measures latency itself when Bedrock reports none', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: 'assistant', content: [{ text: 'ok' }] } } });

    // Act
    const result = await provider().converse(REQUEST);

    // Assess
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    ['ServiceUnavailableException', new ServiceUnavailableException({ message: 'down', $metadata: {} })],
    ['ModelNotReadyException', new ModelNotReadyException({ message: 'warming up', $metadata: {} })],
    ['ModelTimeoutException', new ModelTimeoutException({ message: 'model took too long', $metadata: {} })],
    ['InternalServerException', new InternalServerException({ message: 'internal failure', $metadata: {} })],
  ])('maps %s to ModelUnavailableError', async (name, error) => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(error);

    // Act
    const attempt = provider().converse(REQUEST);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toThrow(`model '${MODEL_ID}' is unavailable: ${name}`);
    await expect(attempt).rejects.toHaveProperty('cause', error);
  });

  it('lets other errors through unchanged', async () => {
    // Prepare
    const error = new ValidationException({ message: 'maxTokens too large', $metadata: {} });
    bedrock.on(ConverseCommand).rejects(error);

    // Act
    const attempt = provider().converse(REQUEST);

    // Assess
    await expect(attempt).rejects.toBe(error);
  });
});

describe('BedrockProvider behind converseWithFallback', () => {
  const FALLBACK_ID = 'us.anthropic.claude-3-haiku-20240307-v1:0';
  // One client for both models, as defaultDeps builds it.
  const models = () => {
    const client = new BedrockRuntimeClient({ region: 'eu-west-1' });
    return { primary: new BedrockProvider(MODEL_ID, client, PRICE), fallback: new BedrockProvider(FALLBACK_ID, client, PRICE) };
  };
  const ANSWER = { output: { message: { role: 'assistant' as const, content: [{ text: 'Bonjour' }] } }, usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 }, metrics: { latencyMs: 90 } };

  beforeEach(() => bedrock.reset());

  it.each([
    ['ModelTimeoutException', new ModelTimeoutException({ message: 'model took too long', $metadata: {} })],
    ['InternalServerException', new InternalServerException({ message: 'internal failure', $metadata: {} })],
    ['ServiceUnavailableException', new ServiceUnavailableException({ message: 'down', $metadata: {} })],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    ['ModelNotReadyException', new ModelNotReadyException({ message: 'warming up', $metadata: {} })],
  ])('asks the fallback model the same request when the primary fails with %s', async (_, error) => {
    // Prepare
    bedrock.on(ConverseCommand, EXPECTED_INPUT, true).rejects(error);
    bedrock.on(ConverseCommand, { ...EXPECTED_INPUT, modelId: FALLBACK_ID }, true).resolves(ANSWER);

    // Act
    const answered = await converseWithFallback(models(), REQUEST);

    // Assess
    expect(bedrock.commandCalls(ConverseCommand).map((call) => call.args[0].input)).toEqual([EXPECTED_INPUT, { ...EXPECTED_INPUT, modelId: FALLBACK_ID }]);
    expect(answered).toEqual({ result: { text: 'Bonjour', usage: { inputTokens: 10, outputTokens: 2 }, latencyMs: 90, costUsd: 0.000016 }, modelId: FALLBACK_ID, fellBackFrom: MODEL_ID });
  });

  it.each([
    ['ValidationException', new ValidationException({ message: 'maxTokens too large', $metadata: {} })],
    ['AccessDeniedException', new AccessDeniedException({ message: 'not authorized to perform bedrock:InvokeModel', $metadata: {} })],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'model not found', $metadata: {} })],
    ['ModelErrorException', new ModelErrorException({ message: 'the model failed on this request', $metadata: {} })],
  ])('surfaces %s without asking the fallback: a configuration error, or a failure not documented as transient', async (_, error) => {
    // Prepare
    bedrock.on(ConverseCommand, EXPECTED_INPUT, true).rejects(error);
    bedrock.on(ConverseCommand, { ...EXPECTED_INPUT, modelId: FALLBACK_ID }, true).resolves(ANSWER);

    // Act
    const attempt = converseWithFallback(models(), REQUEST);

    // Assess
    await expect(attempt).rejects.toBe(error);
    expect(bedrock.commandCalls(ConverseCommand).map((call) => call.args[0].input)).toEqual([EXPECTED_INPUT]);
  });
});

describe('bedrockPrice', () => {
  it.each([
    [MODEL_ID, 0.0008],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 0.0008],
    ['jp.anthropic.claude-3-5-haiku-20241022-v1:0', 0.0008],
    ['au.anthropic.claude-3-5-haiku-20241022-v1:0', 0.0008],
    ['amazon.nova-lite-v1:0', 0.00006],
    ['anthropic.claude-3-haiku-20240307-v1:0', 0.00025],
  ])('prices %s', (modelId, inputPer1k) => {
    // Act
    const price = bedrockPrice(modelId, 'EVALGATE_MODEL_ID');

    // Assess
    expect(price.inputPer1k).toBe(inputPer1k);
  });

  it('fails for a model it cannot price, naming the variable', () => {
    // Act
    const lookup = () => bedrockPrice('cohere.command-r-v1:0', 'EVALGATE_FALLBACK_MODEL_ID');

    // Assess
    expect(lookup).toThrow(AssistantConfigError);
    expect(lookup).toThrow(/^EVALGATE_FALLBACK_MODEL_ID: no price is known/);
  });
});
