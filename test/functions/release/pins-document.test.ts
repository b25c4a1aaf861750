import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkModelPin } from '../../../evals/engine/pins';
import { MODEL_PINS_JSON_SCHEMA, modelPinsDocumentSchema } from '../../../functions/release/pins-document';

describe('MODEL_PINS_JSON_SCHEMA', () => {
  // ajv 8 reads draft-07; the keywords used are the same in draft-04, which AppConfig reads.
  const { $schema, ...schema } = MODEL_PINS_JSON_SCHEMA;
  const validate = new Ajv({ strict: true }).compile(schema);

  it('declares draft-04', () => {
    expect($schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it.each([
    'gpt-4o-2024-11-20',
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'sim.assistant-2024-11-20',
    'claude-3-opus@20240229',
    'gpt-4-0613',
    'amazon.titan-text-express-v1',
    'gemini-1.5-pro-002',
    'meta.llama3-70b-instruct-v1:0',
    'mistral.mistral-7b-instruct-v0:2',
  ])('accepts the pinned id %j, as the pin rule does', (modelId) => {
    expect(checkModelPin(modelId).ok).toBe(true);
    expect(validate({ modelId, fallbackModelId: modelId })).toBe(true);
  });

  it.each(['latest', 'claude-3-5-sonnet-latest', 'gpt-4o-2024-11-20-LATEST', 'gpt-4o', 'claude 3 2024-11-20', ''])('rejects the unpinned id %j, as the pin rule does', (modelId) => {
    expect(checkModelPin(modelId).ok).toBe(false);
    expect(validate({ modelId })).toBe(false);
  });

  it.each([[{}], [{ modelId: 'gpt-4o-2024-11-20', temperature: 1 }], [{ modelId: 7 }]])('rejects the document %j', (document) => {
    expect(validate(document)).toBe(false);
  });
});

describe('modelPinsDocumentSchema', () => {
  it.each([[{ modelId: 'gpt-4o-2024-11-20' }], [{ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', fallbackModelId: 'amazon.titan-text-express-v1' }]])(
    'reads the document %j',
    (document) => {
      expect(modelPinsDocumentSchema.parse(document)).toEqual(document);
    },
  );

  it.each([[{}], [{ modelId: '' }], [{ modelId: 'gpt-4o-2024-11-20', temperature: 1 }], [{ modelId: 7 }]])('rejects the document %j, as the JSON Schema does', (document) => {
    const { $schema: _draft, ...schema } = MODEL_PINS_JSON_SCHEMA;
    expect(modelPinsDocumentSchema.safeParse(document).success).toBe(false);
    expect(new Ajv({ strict: true }).validate(schema, document)).toBe(false);
  });
});

describe('pins-document module', () => {
  const importsOf = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8').match(/^import .*$/gm) ?? [];

  it('imports no AWS SDK, and the CDK construct takes the schema from it, not from the AppConfig adapter', () => {
    expect(importsOf('../../../functions/release/pins-document.ts')).toEqual(["import { z } from 'zod';"]);
    expect(importsOf('../../../lib/model-pins.ts').filter((line) => /@aws-sdk|adapters\//.test(line))).toEqual([]);
  });
});
