import { z } from 'zod';
import { result, type AssertionHandler } from './types';

/** The response took at most `value` milliseconds (as reported by the target, else as measured). */
export const latency: AssertionHandler<number> = {
  type: 'latency',
  value: z.number().positive(),
  compile: (maxMs) => (ctx) => {
    const ms = Math.round(ctx.latencyMs);
    return result(ms <= maxMs, `latency ${ms} ms (max ${maxMs} ms)`);
  },
};
