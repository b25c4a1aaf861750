import { z } from 'zod';
import { AssertionValueError, result, type AssertionHandler } from './types';

/** The response cost at most `value` USD; a target that reports no cost fails it. */
export const cost: AssertionHandler<number> = {
  type: 'cost',
  value: z.number().nonnegative(),
  compile: (maxUsd) => (ctx) => {
    // Thrown rather than failed, so `not-cost` cannot pass on a cost nobody reported.
    if (ctx.costUsd === undefined) throw new AssertionValueError('target reported no cost (costUsd)');
    return result(ctx.costUsd <= maxUsd, `cost $${ctx.costUsd.toFixed(6)} (max $${maxUsd})`);
  },
};
