import { z } from 'zod';
import { compileJsonSchema, embeddedJson, parseJson, type SchemaCheck } from './json-support';
import { result, type AssertionHandler } from './types';

const optionalSchema = z.record(z.string(), z.unknown()).optional();
const requiredSchema = z.record(z.string(), z.unknown());

/** The whole output is JSON; with a value, it also validates against that JSON schema. */
export const isJson: AssertionHandler<Record<string, unknown> | undefined> = {
  type: 'is-json',
  value: optionalSchema,
  compile: (schema) => {
    const check: SchemaCheck | undefined = schema ? compileJsonSchema(schema) : undefined;
    return (ctx) => {
      const parsed = parseJson(ctx.output.trim());
      if (!parsed.ok) return result(false, `output is not JSON: ${parsed.reason}`);
      const violation = check?.(parsed.value);
      return violation ? result(false, `output JSON fails the schema: ${violation}`) : result(true, 'output is valid JSON');
    };
  },
};

/** The output contains a JSON object or array somewhere; with a value, one of them validates against it. */
export const containsJson: AssertionHandler<Record<string, unknown> | undefined> = {
  type: 'contains-json',
  value: optionalSchema,
  compile: (schema) => {
    const check: SchemaCheck | undefined = schema ? compileJsonSchema(schema) : undefined;
    return (ctx) => {
      let firstViolation: string | undefined;
      for (const value of embeddedJson(ctx.output)) {
        const violation = check?.(value);
        if (!violation) return result(true, 'output contains valid JSON');
        firstViolation ??= violation;
      }
      return firstViolation
        ? result(false, `output JSON fails the schema: ${firstViolation}`)
        : result(false, 'output contains no JSON object or array');
    };
  },
};

/** The whole output is JSON that validates against the schema given as value (draft 2020-12). */
export const jsonSchema: AssertionHandler<Record<string, unknown>> = {
  type: 'json-schema',
  value: requiredSchema,
  compile: (schema) => {
    const check = compileJsonSchema(schema);
    return (ctx) => {
      const parsed = parseJson(ctx.output.trim());
      if (!parsed.ok) return result(false, `output is not JSON: ${parsed.reason}`);
      const violation = check(parsed.value);
      return violation ? result(false, `output JSON fails the schema: ${violation}`) : result(true, 'output matches the JSON schema');
    };
  },
};
