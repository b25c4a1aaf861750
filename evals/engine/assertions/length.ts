import { z } from 'zod';
import { result, type AssertionHandler } from './types';

const limit = z.number().int().positive();

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** The output has at most `value` words. */
export const maxWords: AssertionHandler<number> = {
  type: 'max-words',
  value: limit,
  compile: (max) => (ctx) => {
    const words = countWords(ctx.output);
    return result(words <= max, `output has ${words} words (max ${max})`);
  },
};

/** The output has at most `value` characters. */
export const maxChars: AssertionHandler<number> = {
  type: 'max-chars',
  value: limit,
  compile: (max) => (ctx) => {
    const chars = ctx.output.length;
    return result(chars <= max, `output has ${chars} characters (max ${max})`);
  },
};
