/** JSON parsing and JSON Schema validation shared by is-json, contains-json and json-schema. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AssertionValueError } from './types';

let ajv: Ajv2020 | undefined;

/**
 * Built on the first JSON schema only (building it is the slow part). The imports are static on purpose: a
 * bundler must see them, or a Lambda bundle ships without ajv and fails at its first JSON schema.
 */
function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
  }
  return ajv;
}

export type SchemaCheck = (data: unknown) => string | undefined;

/** Compiles a JSON schema once; the returned check gives the first violation, or undefined when valid. */
export function compileJsonSchema(schema: Record<string, unknown>): SchemaCheck {
  let validate: ValidateFunction;
  try {
    validate = instance().compile(schema);
  } catch (error) {
    throw new AssertionValueError(`invalid JSON schema: ${(error as Error).message}`);
  }
  return (data) => (validate(data) ? undefined : describe(validate.errors ?? []));
}

function describe(errors: readonly ErrorObject[]): string {
  const first = errors[0];
  if (!first) return 'does not match the schema';
  const at = first.instancePath === '' ? 'the document' : first.instancePath;
  const extra = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
  return `${at} ${first.message ?? 'is invalid'}${extra}`;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** Every balanced `{...}` or `[...]` span of `text` that parses as JSON, in order of appearance. */
export function* embeddedJson(text: string): Generator<unknown> {
  for (let start = 0; start < text.length; start += 1) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    const end = closingIndex(text, start);
    if (end < 0) continue;
    const parsed = parseJson(text.slice(start, end + 1));
    if (parsed.ok) {
      yield parsed.value;
      start = end;
    }
  }
}

/** Index of the bracket closing the one at `start`, skipping brackets inside JSON strings; -1 if unbalanced. */
function closingIndex(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
