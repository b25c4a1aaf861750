import { z } from 'zod';
import { AssertionValueError, quote, result, type AssertionHandler } from './types';

/** The output matches a JavaScript regular expression (no flags; use character classes for case). */
export const regex: AssertionHandler<string> = {
  type: 'regex',
  value: z.string().min(1),
  compile: (pattern) => {
    let compiled: RegExp;
    try {
      compiled = new RegExp(pattern);
    } catch (error) {
      throw new AssertionValueError(`invalid regular expression: ${(error as Error).message}`);
    }
    return (ctx) => {
      const match = compiled.exec(ctx.output);
      return match
        ? result(true, `output matches /${pattern}/ at ${quote(match[0], 30)}`)
        : result(false, `output does not match /${pattern}/`);
    };
  },
};
