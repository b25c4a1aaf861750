import type { AliasRouting, AliasTarget, TrafficRouter } from '../../../functions/ports/traffic-router';
import { expectedRouting, routesAs } from '../../../functions/release/routing';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
import { Faults } from './faults';

const keyOf = (target: AliasTarget) => `${target.functionName}:${target.alias}`;

/**
 * Aliases in memory, with Lambda's rules: a published primary version (never $LATEST), at most one additional
 * version, different from the primary, with a weight in [0, 1]. Breaking a rule throws as Lambda would; a missing
 * alias or version is refused as the Lambda adapter refuses it (test/contracts/traffic-router.contract.ts).
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
      // The Lambda adapter refuses the release when Lambda answers ResourceNotFoundException.
      if (!this.exists(target.functionName, version)) throw new ReleaseRefusedError(`function ${target.functionName} has no version ${version}`);
    }
    this.aliases.set(keyOf(target), { version: routing.version, additionalWeights: { ...routing.additionalWeights } });
  }

  async getRouting(target: AliasTarget): Promise<AliasRouting> {
    this.check('getRouting');
    const routing = this.aliases.get(keyOf(target));
    if (!routing) throw new ReleaseRefusedError(`alias ${target.alias} of function ${target.functionName} does not exist`);
    return routing;
  }

  async setWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<void> {
    this.check('setWeight');
    await this.getRouting(target);
    const written = expectedRouting(stable, candidate, weight);
    this.setAlias(target, written);
    this.writes.push(written);
    if (this.interfere) this.setAlias(target, this.interfere(written));
  }

  async verifyWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<boolean> {
    this.check('verifyWeight');
    return routesAs(await this.getRouting(target), expectedRouting(stable, candidate, weight));
  }
}
