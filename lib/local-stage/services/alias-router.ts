/**
 * Lambda aliases on the local stage (aliases.json), with the rules UpdateAlias enforces, so a routing the real
 * service would reject fails here too: the alias must exist, every version must be published (never $LATEST),
 * at most one additional version, different from the primary, with a weight strictly between 0 and 1.
 */
import type { AliasRouting, AliasTarget, TrafficRouter } from '../../../functions/ports/traffic-router';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
// The AWS adapter's own mapping of a weight onto a routing: one definition, so both stages route alike.
import { expectedRouting, routesAs } from '../../../functions/release/routing';
import { LocalServiceError } from './errors';
import type { LocalFunctionRegistry } from './function-registry';
import type { JsonFile } from './json-file';

export interface AliasesDocument {
  aliases: Record<string, AliasRouting>;
}

export const emptyAliases = (): AliasesDocument => ({ aliases: {} });

const keyOf = ({ functionName, alias }: AliasTarget) => `${functionName}:${alias}`;

/**
 * @example
 * const router = new LocalAliasRouter(new JsonFile('.evalgate/aliases.json', emptyAliases()), registry);
 * router.createAlias({ functionName: 'assistant', alias: 'live' }, '5');
 * await router.setWeight({ functionName: 'assistant', alias: 'live' }, '5', '6', 25);
 * router.route({ functionName: 'assistant', alias: 'live' }, 0.1); // '6'
 */
export class LocalAliasRouter implements TrafficRouter {
  constructor(
    private readonly file: JsonFile<AliasesDocument>,
    private readonly registry: Pick<LocalFunctionRegistry, 'has'>,
  ) {}

  /** CreateAlias: the alias points at one published version. */
  createAlias(target: AliasTarget, version: string): AliasRouting {
    if (this.file.read().aliases[keyOf(target)]) {
      throw new LocalServiceError('ResourceConflictException', `alias ${target.alias} of function ${target.functionName} already exists`);
    }
    const routing = { version, additionalWeights: {} };
    this.validate(target, routing);
    this.file.update((doc) => {
      doc.aliases[keyOf(target)] = routing;
    });
    return routing;
  }

  /** UpdateAlias: any valid routing, as a person in the console could write it (a concurrent writer in a scenario). */
  updateAlias(target: AliasTarget, routing: AliasRouting): void {
    this.current(target);
    this.validate(target, routing);
    this.file.update((doc) => {
      doc.aliases[keyOf(target)] = { version: routing.version, additionalWeights: { ...routing.additionalWeights } };
    });
  }

  async getRouting(target: AliasTarget): Promise<AliasRouting> {
    return this.current(target);
  }

  async setWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<void> {
    this.updateAlias(target, expectedRouting(stable, candidate, weight));
  }

  async verifyWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<boolean> {
    return routesAs(this.current(target), expectedRouting(stable, candidate, weight));
  }

  /**
   * The version that serves a request, given a uniform random number in [0, 1): the additional version takes the
   * numbers below its weight, the primary the rest.
   */
  route(target: AliasTarget, random: number): string {
    if (!(random >= 0 && random < 1)) throw new RangeError(`random must be in [0, 1), got: ${random}`);
    const routing = this.current(target);
    let threshold = 0;
    for (const [version, weight] of Object.entries(routing.additionalWeights)) {
      threshold += weight;
      if (random < threshold) return version;
    }
    return routing.version;
  }

  private current(target: AliasTarget): AliasRouting {
    const routing = this.file.read().aliases[keyOf(target)];
    if (!routing) throw new ReleaseRefusedError(`alias ${target.alias} of function ${target.functionName} does not exist`);
    return routing;
  }

  private validate(target: AliasTarget, routing: AliasRouting): void {
    const invalid = (message: string) => new LocalServiceError('InvalidParameterValueException', `alias ${keyOf(target)}: ${message}`);
    const extra = Object.entries(routing.additionalWeights);
    if (extra.length > 1) throw invalid(`at most one additional version, got: ${extra.length} (${extra.map(([v]) => v).join(', ')})`);
    for (const version of [routing.version, ...extra.map(([v]) => v)]) {
      if (version === '$LATEST') throw invalid('$LATEST cannot be routed: point the alias at published versions');
      if (!this.registry.has(target.functionName, version)) throw new ReleaseRefusedError(`function ${target.functionName} has no version ${version}`);
    }
    for (const [version, weight] of extra) {
      if (version === routing.version) throw invalid(`additional version ${version} is the primary version`);
      if (!(weight > 0 && weight < 1)) throw invalid(`the weight of additional version ${version} must be greater than 0 and less than 1, got: ${weight}`);
    }
  }
}
