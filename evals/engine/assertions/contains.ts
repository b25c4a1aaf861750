import { z } from 'zod';
import { quote, result, type AssertionHandler } from './types';

const needle = z.union([z.string().min(1), z.number()]).transform(String);

function containsHandler(type: 'contains' | 'icontains', fold: boolean): AssertionHandler<string> {
  return {
    type,
    value: needle,
    compile: (value) => {
      const expected = fold ? value.toLowerCase() : value;
      return (ctx) => {
        const haystack = fold ? ctx.output.toLowerCase() : ctx.output;
        return haystack.includes(expected)
          ? result(true, `output contains ${quote(value)}`)
          : result(false, `output does not contain ${quote(value)}`);
      };
    },
  };
}

/** The output contains the value (case-sensitive). */
export const contains = containsHandler('contains', false);
/** The output contains the value, ignoring case. */
export const icontains = containsHandler('icontains', true);
