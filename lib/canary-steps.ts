/**
 * Canary steps are data (ARCHITECTURE.md, principle 4): validated here at synth time, then rendered into states by
 * release-state-machine.ts. A mistake in them fails `cdk synth`, not a release in production.
 */
import { Duration } from 'aws-cdk-lib';

/**
 * One canary step: shift `weight` percent of the alias's traffic to the candidate, then watch its health for `bake`.
 *
 * @example
 * const steps: CanaryStep[] = [{ weight: 10, bake: Duration.minutes(15) }, { weight: 50, bake: Duration.minutes(30) }];
 */
export interface CanaryStep {
  /** Percent of the alias's traffic on the candidate during this step: a whole number in 1..99 (100 is Promote). */
  readonly weight: number;
  /** How long the candidate must stay healthy at this weight before the next step. */
  readonly bake: Duration;
}

/** 5% then 25%, 30 minutes each, then 100%. */
export const DEFAULT_CANARY_STEPS: readonly CanaryStep[] = [
  { weight: 5, bake: Duration.minutes(30) },
  { weight: 25, bake: Duration.minutes(30) },
];

/**
 * Above this, one execution could exceed Step Functions' history of 25,000 events (each check is a Wait, a Task
 * and a Choice, about ten events).
 */
export const MAX_HEALTH_CHECKS = 1000;

/** Health checks a step runs: one per interval until its bake is over. */
export function healthChecksOf(step: CanaryStep, healthCheckInterval: Duration): number {
  return Math.ceil(step.bake.toSeconds() / healthCheckInterval.toSeconds());
}

/** The sum of the bakes: the shortest time a promoted release can take. */
export function totalBake(steps: readonly CanaryStep[]): Duration {
  return Duration.seconds(steps.reduce((sum, step) => sum + step.bake.toSeconds(), 0));
}

/**
 * Throws an Error naming the first problem, in the form "what must hold, got: what was given".
 *
 * @example
 * validateCanarySteps([{ weight: 120, bake: Duration.minutes(5) }], Duration.minutes(1));
 * // Error: canary step weight must be between 1 and 99, got: 120
 */
export function validateCanarySteps(steps: readonly CanaryStep[], healthCheckInterval: Duration): void {
  if (healthCheckInterval.toSeconds() < 60) {
    // The alarms read one-minute metrics: checking more often only re-reads the same datapoint.
    throw new Error(`health-check interval must be at least 1 minute, got: ${healthCheckInterval.toHumanString()}`);
  }
  if (steps.length === 0) throw new Error('canary steps must contain at least one step, got: none');
  let previous: number | undefined;
  for (const step of steps) {
    if (!Number.isInteger(step.weight)) throw new Error(`canary step weight must be a whole number, got: ${step.weight}`);
    if (step.weight < 1 || step.weight > 99) throw new Error(`canary step weight must be between 1 and 99, got: ${step.weight}`);
    if (previous !== undefined && step.weight <= previous) {
      throw new Error(`canary step weights must be strictly increasing, got: ${step.weight} after ${previous}`);
    }
    if (step.bake.toSeconds() < healthCheckInterval.toSeconds()) {
      throw new Error(
        `canary step bake must be at least one health-check interval (${healthCheckInterval.toHumanString()}), got: ${step.bake.toHumanString()}`,
      );
    }
    previous = step.weight;
  }
  const checks = steps.reduce((sum, step) => sum + healthChecksOf(step, healthCheckInterval), 0);
  if (checks > MAX_HEALTH_CHECKS) {
    throw new Error(
      `canary steps must need at most ${MAX_HEALTH_CHECKS} health checks in total (bake / interval), got: ${checks}; raise the health-check interval`,
    );
  }
}
