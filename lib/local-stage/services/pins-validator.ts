/**
 * What AppConfig checks a model-pins document with (the JSON Schema validator of lib/model-pins.ts) plus the exact
 * pin rule the release applies when it reads a version: together they refuse on the local stage what the real
 * pipeline refuses, naming the field and the reason.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { checkModelPin } from '../../../evals/engine/pins';
import { MODEL_PINS_JSON_SCHEMA } from '../../../functions/release/pins-document';

/** The problems of a document, one sentence each; none when it is valid. */
export type PinsValidator = (document: unknown) => readonly string[];

const PIN_FIELDS = ['modelId', 'fallbackModelId'] as const;

// ajv 8 reads draft-07; the keywords the schema uses mean the same in draft-04, which AppConfig reads.
const { $schema: _draft04, ...schema } = MODEL_PINS_JSON_SCHEMA;
let validateSchema: ReturnType<Ajv['compile']> | undefined;

/**
 * @example
 * validateModelPinsDocument({ modelId: 'gpt-4o' });
 * // ["modelId 'gpt-4o' is not pinned: undated alias: a pin must name a snapshot with a date ..."]
 */
export const validateModelPinsDocument: PinsValidator = (document) => {
  validateSchema ??= new Ajv({ allErrors: true }).compile(schema);
  const problems: string[] = [];
  const explained = new Set<string>();
  if (typeof document === 'object' && document !== null) {
    for (const field of PIN_FIELDS) {
      const modelId = (document as Record<string, unknown>)[field];
      if (typeof modelId !== 'string') continue;
      const verdict = checkModelPin(modelId);
      if (!verdict.ok) {
        problems.push(`${field} '${modelId}' is not pinned: ${verdict.reason}`);
        explained.add(`/${field}`);
      }
    }
  }
  if (!validateSchema(document)) {
    const all = validateSchema.errors ?? [];
    // A wrong type is the whole story of its field: the pattern errors it drags along ("must NOT be valid") are not.
    for (const error of all) if (error.keyword === 'type') explained.add(error.instancePath);
    // The pin rule's reason says more than "must match pattern": the schema's other errors on those fields are left out.
    const errors = all.filter((error) => error.keyword === 'type' || ![...explained].some((path) => error.instancePath.startsWith(path)));
    problems.push(...new Set(errors.map(describe)));
  }
  return problems;
};

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'document' : error.instancePath.slice(1).replace(/\//g, '.');
  const extra = error.keyword === 'additionalProperties' ? ` ('${String(error.params.additionalProperty)}')` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
