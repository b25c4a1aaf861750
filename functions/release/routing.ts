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

// Weights are decimals the service stores and returns; compare them with room for floating-point noise.
const WEIGHT_TOLERANCE = 1e-9;

/**
 * Whether an alias routes exactly as expected: same primary version, same additional versions, same weights.
 *
 * @example
 * routesAs({ version: '7', additionalWeights: { '8': 0.25 } }, expectedRouting('7', '8', 25)); // true
 */
export function routesAs(actual: AliasRouting, expected: AliasRouting): boolean {
  const expectedVersions = Object.keys(expected.additionalWeights).sort();
  const actualVersions = Object.keys(actual.additionalWeights).sort();
  return (
    actual.version === expected.version &&
    expectedVersions.join(',') === actualVersions.join(',') &&
    expectedVersions.every((version) => Math.abs((actual.additionalWeights[version] ?? NaN) - (expected.additionalWeights[version] ?? NaN)) <= WEIGHT_TOLERANCE)
  );
}
