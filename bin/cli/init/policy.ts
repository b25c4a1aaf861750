/**
 * The gate policy `evalgate init` writes to evals/policy.yaml: one active knob, the others as comments. Their
 * values come from the built-in policy, so the comments say what applies while a knob stays commented out.
 */
import { BUILTIN_POLICY } from '../../../evals/engine/policy';

const { regression: r } = BUILTIN_POLICY;

export const STARTER_POLICY = `# The release gate policy: the thresholds a candidate must meet. Owned by whoever owns quality (QA, product):
# a change here is a quality decision, reviewed as such. Every suite gets \`defaults\`, then its own entry under
# \`suites\`; \`npx evalgate eval --threshold X\` overrides minPassRate for one run.
version: 1
# owner: qa@example.com
# description: Release gate of the support assistant.

defaults:
  minPassRate: 0.85              # a suite passes at or above this share of its cases
  # The other knobs, shown with the values that apply while they stay commented out:
  # maxErrorRate: ${BUILTIN_POLICY.maxErrorRate}             # more target errors than this and the run cannot be judged (exit 3)
  # regression:                  # against the live version (--baseline), on the same cases
  #   margin: ${r.margin}                 # a pass-rate drop tolerated as noise (0.05 means 5 points)
  #   confidence: ${r.confidence}           # one-sided McNemar test on the cases that changed
  #   onInconclusive: ${r.onInconclusive}      # a drop over the margin that is not significant: block | pass | inconclusive
  # maxP95LatencyIncrease: ${BUILTIN_POLICY.maxP95LatencyIncrease}    # p95 latency increase against the baseline (0.25 means +25%)
  # maxCostIncrease: ${BUILTIN_POLICY.maxCostIncrease}          # mean cost per case increase against the baseline

# suites:
#   starter:
#     minPassRate: 1.0           # e.g. a safety suite where any failure blocks
`;
