/** The one weight-to-routing rule, shared by every TrafficRouter (AWS Lambda and the local stage). */
import type { AliasRouting } from '../ports/traffic-router';

/**
 * How the alias routes `weight` percent to `candidate` (the contract of {@link TrafficRouter.setWeight}).
 *
 * @example
 * expectedRouting('7', '8', 25); // { version: '7', additionalWeights: { '8': 0.25 } }
 */
export function expectedRouting(stable: string, candidate: string, weight: number): AliasRouting {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new RangeError(`canary weight must be an integer between 0 and 100, got: ${weight}`);
  }
  if (stable === candidate) throw new RangeError(`stable and candidate must be different versions, got: ${stable} for both`);
  if (weight === 0) return { version: stable, additionalWeights: {} };
  if (weight === 100) return { version: candidate, additionalWeights: {} };
  return { version: stable, additionalWeights: { [candidate]: weight / 100 } };
}
