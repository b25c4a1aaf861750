import type { AliasRouting, AliasTarget, TrafficRouter } from '../../../functions/ports/traffic-router';
import { Faults } from './faults';

const EPSILON = 1e-9;
const keyOf = (target: AliasTarget) => `${target.functionName}:${target.alias}`;

/**
 * Aliases in memory, with Lambda's rules: a published primary version (never $LATEST), at most one additional
 * version, different from the primary, with a weight in [0, 1]. Breaking a rule throws as Lambda would.
 */
export class FakeTrafficRouter extends Faults<'getRouting' | 'setWeight' | 'verifyWeight'> implements TrafficRouter {
  private readonly aliases = new Map<string, AliasRouting>();
  /** Every routing written by setWeight, in order. */
  readonly writes: AliasRouting[] = [];
  /** A concurrent writer: applied after every setWeight, to make verification fail. */
  interfere?: (written: AliasRouting) => AliasRouting;

  constructor(private readonly exists: (functionName: string, version: string) => boolean = () => true) {
    super();
  }

  /** Points an alias somewhere directly (test setup, or another writer), with Lambda's validation. */
  setAlias(target: AliasTarget, routing: AliasRouting): void {
    const extra = Object.entries(routing.additionalWeights);
    if (routing.version === '$LATEST' || extra.some(([version]) => version === '$LATEST')) throw new Error('InvalidParameterValueException: $LATEST cannot be routed');
    if (extra.length > 1) throw new Error('InvalidParameterValueException: at most one additional version');
    for (const [version, weight] of extra) {
      if (version === routing.version) throw new Error('InvalidParameterValueException: additional version equals the primary version');
      if (!(weight >= 0 && weight <= 1)) throw new Error(`InvalidParameterValueException: weight ${weight} is outside [0, 1]`);
    }
    for (const version of [routing.version, ...extra.map(([v]) => v)]) {
      if (!this.exists(target.functionName, version)) throw new Error(`ResourceNotFoundException: ${target.functionName} has no version ${version}`);
    }
    this.aliases.set(keyOf(target), { version: routing.version, additionalWeights: { ...routing.additionalWeights } });
  }

  async getRouting(target: AliasTarget): Promise<AliasRouting> {
    this.check('getRouting');
    const routing = this.aliases.get(keyOf(target));
    if (!routing) throw new Error(`ResourceNotFoundException: alias ${keyOf(target)} does not exist`);
    return routing;
  }

  async setWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<void> {
    this.check('setWeight');
    await this.getRouting(target);
    if (!(weight >= 0 && weight <= 100)) throw new Error(`weight must be between 0 and 100, got: ${weight}`);
    const written = expected(stable, candidate, weight);
    this.setAlias(target, written);
    this.writes.push(written);
    if (this.interfere) this.setAlias(target, this.interfere(written));
  }

  async verifyWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<boolean> {
    this.check('verifyWeight');
    const actual = await this.getRouting(target);
    const wanted = expected(stable, candidate, weight);
    const actualExtra = Object.entries(actual.additionalWeights);
    const wantedExtra = Object.entries(wanted.additionalWeights);
    return (
      actual.version === wanted.version &&
      actualExtra.length === wantedExtra.length &&
      wantedExtra.every(([version, w]) => Math.abs((actual.additionalWeights[version] ?? -1) - w) < EPSILON)
    );
  }
}

function expected(stable: string, candidate: string, weight: number): AliasRouting {
  if (weight === 0) return { version: stable, additionalWeights: {} };
  if (weight === 100) return { version: candidate, additionalWeights: {} };
  return { version: stable, additionalWeights: { [candidate]: weight / 100 } };
}
