/**
 * The model-pins document hosted in AppConfig, in its two forms: the zod schema the release reads it with
 * (adapters/aws/appconfig-pin-store.ts) and the JSON Schema AppConfig validates it with at deploy time
 * (lib/model-pins.ts). Pure, with no AWS SDK import, so the CDK construct can use it without the AppConfig client.
 */
import { z } from 'zod';

/**
 * The model-pins document (zod); {@link MODEL_PINS_JSON_SCHEMA} is its twin for the AppConfig validator.
 *
 * @example
 * modelPinsDocumentSchema.parse({ modelId: 'gpt-4o-2024-11-20' }); // { modelId: 'gpt-4o-2024-11-20' }
 */
export const modelPinsDocumentSchema = z.object({ modelId: z.string().min(1), fallbackModelId: z.string().min(1).optional() }).strict();

// Without lookarounds: AppConfig's validator is not JavaScript, so only plain regular expressions are portable.
const PIN_PATTERN = {
  type: 'string',
  minLength: 1,
  maxLength: 256,
  allOf: [
    { pattern: '^[A-Za-z0-9._:/@-]+$' },
    // a date (2024-11-20, 20241022), a version suffix (-v1, -v1:0, -002) or a month-day suffix (-0613)
    { pattern: '(^|[^0-9])[0-9]{4}[-_]?[0-9]{2}[-_]?[0-9]{2}($|[^0-9])|[-_][vV][0-9]+([.:][0-9]+)*$|[-@][0-9]{3}$|-[0-9]{4}$' },
  ],
  not: { pattern: '[Ll][Aa][Tt][Ee][Ss][Tt]' },
} as const;

/**
 * JSON Schema (draft-04, which AppConfig's JSON_SCHEMA validator reads) approximating the pin rule of
 * release/pins.ts: it rejects what is certainly unpinned at deploy time; the release checks the exact rule.
 *
 * @example
 * JsonSchemaValidator.fromInline(JSON.stringify(MODEL_PINS_JSON_SCHEMA));
 */
export const MODEL_PINS_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'evalgate model pins',
  type: 'object',
  properties: { modelId: PIN_PATTERN, fallbackModelId: PIN_PATTERN },
  required: ['modelId'],
  additionalProperties: false,
} as const;
