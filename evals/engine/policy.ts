/**
 * The gate policy (evals/policy.yaml): thresholds and margins owned by QA, not engineering. Loaded with the
 * same located errors as suite files, and resolved per suite: built-in defaults <- policy defaults <- the
 * suite's own entry <- `--threshold`.
 */
import { z } from 'zod';
import { ConfigFileError, YamlSource } from './config/yaml-source';
import { zodProblems } from './config/zod-problems';

const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

const suitePolicySchema = z
  .object({
    minPassRate: unit,
    maxErrorRate: unit,
    regression: z
      .object({
        margin: unit,
        confidence: z.number().gt(0.5, 'must be greater than 0.5').lt(1, 'must be less than 1'),
        onInconclusive: z.enum(['block', 'pass', 'inconclusive']),
      })
      .partial()
      .strict(),
    maxP95LatencyIncrease: z.number().min(0, 'must be 0 or more (0.25 means +25%)'),
    maxCostIncrease: z.number().min(0, 'must be 0 or more (0.25 means +25%)'),
  })
  .partial()
  .strict();

const SUITE_KEYS = Object.keys(suitePolicySchema.shape) as Array<keyof typeof suitePolicySchema.shape>;

/**
 * The file: `defaults` and per-suite entries; the keys of a suite policy may also stand at the top level, as
 * shorthand for `defaults` (a policy of one line, `minPassRate: 0.85`, is a policy). `version` is 1 when absent.
 */
export const policySchema = z
  .object({
    version: z.literal(1, { error: 'policy version must be 1' }).optional(),
    owner: z.string().optional(),
    description: z.string().optional(),
    defaults: suitePolicySchema.optional(),
    suites: z.record(z.string(), suitePolicySchema).optional(),
    ...suitePolicySchema.shape,
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const key of SUITE_KEYS) {
      if (policy[key] !== undefined && policy.defaults?.[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is set both at the top level and in defaults: keep one` });
      }
    }
  })
  .transform(({ version: _version, owner, description, defaults, suites, ...topLevel }) => {
    const merged = { ...topLevel, ...defaults };
    return {
      version: 1 as const,
      ...(owner === undefined ? {} : { owner }),
      ...(description === undefined ? {} : { description }),
      ...(defaults !== undefined || Object.keys(topLevel).length > 0 ? { defaults: merged } : {}),
      ...(suites === undefined ? {} : { suites }),
    };
  });

export type SuitePolicyOverrides = z.infer<typeof suitePolicySchema>;
export type Policy = z.output<typeof policySchema>;

/** Every figure the gate needs for one suite. */
export interface SuitePolicy {
  readonly minPassRate: number;
  readonly maxErrorRate: number;
  readonly regression: { readonly margin: number; readonly confidence: number; readonly onInconclusive: 'block' | 'pass' | 'inconclusive' };
  readonly maxP95LatencyIncrease: number;
  readonly maxCostIncrease: number;
}

export const BUILTIN_POLICY: SuitePolicy = {
  minPassRate: 0.8,
  maxErrorRate: 0.05,
  regression: { margin: 0.05, confidence: 0.95, onInconclusive: 'block' },
  maxP95LatencyIncrease: 0.25,
  maxCostIncrease: 0.25,
};

export function loadPolicy(file: string): Policy {
  const source = YamlSource.read(file);
  const parsed = policySchema.safeParse(source.data());
  if (!parsed.success) throw new ConfigFileError(file, zodProblems(source, policySchema, parsed.error));
  return parsed.data;
}

/** The policy for one suite; `minPassRate` (from `--threshold`) overrides the file when given. */
export function policyFor(policy: Policy | undefined, suite: string, minPassRate?: number): SuitePolicy {
  const layers = [policy?.defaults, policy?.suites?.[suite], minPassRate === undefined ? undefined : { minPassRate }];
  return layers.reduce<SuitePolicy>(
    (acc, layer) =>
      layer
        ? {
            ...acc,
            ...Object.fromEntries(Object.entries(layer).filter(([key]) => key !== 'regression')),
            regression: { ...acc.regression, ...(layer as SuitePolicyOverrides).regression },
          }
        : acc,
    BUILTIN_POLICY,
  );
}
