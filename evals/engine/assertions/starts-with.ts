import { z } from 'zod';
import { quote, result, type AssertionHandler } from './types';

/** The output (leading white space ignored) starts with the value. */
export const startsWith: AssertionHandler<string> = {
  type: 'starts-with',
  value: z.union([z.string().min(1), z.number()]).transform(String),
  compile: (prefix) => (ctx) =>
    ctx.output.trimStart().startsWith(prefix)
      ? result(true, `output starts with ${quote(prefix)}`)
      : result(false, `output starts with ${quote(ctx.output.trimStart(), 30)}, not ${quote(prefix)}`),
};
