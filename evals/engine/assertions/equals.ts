import { z } from 'zod';
import { quote, result, type AssertionHandler } from './types';

/** The output equals the value exactly (surrounding white space ignored). */
export const equals: AssertionHandler<string> = {
  type: 'equals',
  value: z.union([z.string(), z.number()]).transform(String),
  compile: (expected) => (ctx) =>
    ctx.output.trim() === expected.trim()
      ? result(true, `output equals ${quote(expected)}`)
      : result(false, `output ${quote(ctx.output)} does not equal ${quote(expected)}`),
};
