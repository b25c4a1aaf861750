import { z } from 'zod';
import { quote, result, type AssertionHandler, type AssertionType } from './types';

const needles = z.array(z.union([z.string().min(1), z.number()]).transform(String)).min(1);

function setHandler(type: AssertionType, mode: 'any' | 'all', fold: boolean): AssertionHandler<string[]> {
  return {
    type,
    value: needles,
    compile: (values) => {
      const expected = fold ? values.map((v) => v.toLowerCase()) : values;
      return (ctx) => {
        const haystack = fold ? ctx.output.toLowerCase() : ctx.output;
        const found = values.filter((_, i) => haystack.includes(expected[i]!));
        const missing = values.filter((_, i) => !haystack.includes(expected[i]!));
        if (mode === 'any') {
          return found.length > 0
            ? result(true, `output contains ${quote(found[0]!)}`)
            : result(false, `output contains none of ${values.map((v) => quote(v, 30)).join(', ')}`);
        }
        // Partial credit: the share of required values present, so weighted thresholds can use it.
        const score = found.length / values.length;
        return missing.length === 0
          ? result(true, `output contains all ${values.length} values`)
          : result(false, `output is missing ${missing.map((v) => quote(v, 30)).join(', ')}`, score);
      };
    },
  };
}

export const containsAny = setHandler('contains-any', 'any', false);
export const containsAll = setHandler('contains-all', 'all', false);
export const icontainsAny = setHandler('icontains-any', 'any', true);
export const icontainsAll = setHandler('icontains-all', 'all', true);
