/**
 * The shape of a suite file (evals/suites/*.yaml), in three layers (suite, case, assertion) validated one by one,
 * so a problem in one case does not hide the problems of the others. Assertion values are checked per type by
 * the registry.
 */
import { z } from 'zod';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

export const rawAssertionSchema = z
  .object({
    type: z.string({ error: 'assertion type is required' }),
    value: z.unknown().optional(),
    weight: z.number().positive('weight must be greater than 0').optional(),
    threshold: unit.optional(),
    online: z.boolean().optional(),
  })
  .strict();

export const rawCaseSchema = z
  .object({
    id: z.string().regex(CASE_ID, 'case id must match [A-Za-z0-9][A-Za-z0-9_.-]*'),
    description: z.string().optional(),
    input: z.string().min(1, 'input must not be empty'),
    vars: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string().min(1)).optional(),
    threshold: unit.optional(),
    assert: z.array(z.unknown()).optional(),
  })
  .strict();

export const rawSuiteSchema = z
  .object({
    suite: z.string().regex(NAME, 'suite name must match [a-z0-9][a-z0-9_-]*'),
    version: z.number().int().positive().optional(),
    description: z.string().optional(),
    scoring: z.enum(['cases', 'checks']).optional(),
    defaults: z
      .object({ assert: z.array(z.unknown()).optional(), threshold: unit.optional() })
      .strict()
      .optional(),
    cases: z.array(z.unknown()).min(1, 'a suite needs at least one case'),
  })
  .strict();

export type RawAssertion = z.infer<typeof rawAssertionSchema>;
export type RawCase = z.infer<typeof rawCaseSchema>;
