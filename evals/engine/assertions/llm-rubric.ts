import { z } from 'zod';
import { AssertionValueError, type AssertionHandler } from './types';

/**
 * Model-graded: a judge model scores the output against a rubric. The judge's model id is pinned (checked when
 * the judge is built), so a grade means the same thing from one run to the next.
 */
export const llmRubric: AssertionHandler<string> = {
  type: 'llm-rubric',
  value: z.string().min(3),
  compile: (rubric, options) => async (ctx) => {
    // Thrown rather than failed, so `not-llm-rubric` cannot turn a grade that never happened into a pass.
    if (!ctx.judge) throw new AssertionValueError('no judge model configured for llm-rubric');
    const grade = await ctx.judge.grade({ rubric, output: ctx.output, input: ctx.input });
    const pass = options.threshold === undefined ? grade.pass : grade.score >= options.threshold;
    return { pass, score: grade.score, reason: `judge ${ctx.judge.modelId}: ${grade.reason}` };
  },
};
