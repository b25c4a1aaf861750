/**
 * What every TrafficRouter does (functions/ports/traffic-router.ts), and the rules of Lambda's UpdateAlias it
 * routes under: run by traffic-router.test.ts against the fake and the local stage's aliases. No implementation of
 * the Lambda API is at hand, so the rules are those the AWS documentation states and the Lambda adapter's own
 * mapping of Lambda's errors (functions/adapters/aws/lambda-alias-router.ts).
 *
 * Lambda's routing rules:
 * - an alias routes to its version and at most one additional version ("the second version"), whose key is a
 *   version number, so never $LATEST, with a weight in the range 0.0 to 1.0:
 *   https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html
 * - a weighted alias points at two published versions, never $LATEST:
 *   https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
 * The weights 0 and 1 themselves are left out: the port never writes them (0 % and 100 % leave no additional
 * weights), and the fake accepts them where the local stage refuses them.
 */
import { describe, expect, it } from 'vitest';
import type { AliasRouting, AliasTarget, TrafficRouter } from '../../functions/ports/traffic-router';

export interface TrafficRouterSubject {
  readonly router: TrafficRouter;
  /** Another writer's UpdateAlias (a person in the console), validated as Lambda validates it. */
  updateAlias(target: AliasTarget, routing: AliasRouting): void | Promise<void>;
}

/** Function `assistant` with published versions 1, 2 and 3 and alias `live` on version 1; no alias `beta`. */
export type TrafficRouterFactory = () => TrafficRouterSubject | Promise<TrafficRouterSubject>;

const LIVE: AliasTarget = { functionName: 'assistant', alias: 'live' };
const INITIAL: AliasRouting = { version: '1', additionalWeights: {} };

/**
 * @example
 * trafficRouterContract('LocalAliasRouter', () => ({ router, updateAlias: (target, routing) => router.updateAlias(target, routing) }));
 */
export function trafficRouterContract(name: string, create: TrafficRouterFactory): void {
  describe(`TrafficRouter contract: ${name}`, () => {
    it.each<[number, AliasRouting]>([
      [0, { version: '1', additionalWeights: {} }],
      [5, { version: '1', additionalWeights: { '2': 0.05 } }],
      [25, { version: '1', additionalWeights: { '2': 0.25 } }],
      [99, { version: '1', additionalWeights: { '2': 0.99 } }],
      [100, { version: '2', additionalWeights: {} }],
    ])('routes %i %% to the candidate, never split at 0 and 100, and verifies it', async (weight, routing) => {
      const { router } = await create();

      await router.setWeight(LIVE, '1', '2', weight);

      expect(await router.getRouting(LIVE)).toEqual(routing);
      expect(await router.verifyWeight(LIVE, '1', '2', weight)).toBe(true);
    });

    it('moves step by step and back to the stable version (a rollback)', async () => {
      const { router } = await create();

      for (const weight of [5, 25, 50]) await router.setWeight(LIVE, '1', '2', weight);
      await router.setWeight(LIVE, '1', '2', 0);

      expect(await router.getRouting(LIVE)).toEqual(INITIAL);
    });

    it('does not verify a routing another writer changed, nor another weight', async () => {
      const { router, updateAlias } = await create();
      await router.setWeight(LIVE, '1', '2', 25);

      await updateAlias(LIVE, { version: '1', additionalWeights: { '2': 0.5 } });

      expect(await router.verifyWeight(LIVE, '1', '2', 25)).toBe(false);
      expect(await router.verifyWeight(LIVE, '1', '3', 50)).toBe(false);
      expect(await router.verifyWeight(LIVE, '1', '2', 50)).toBe(true);
    });

    it('verifies a weight read back with floating-point noise (Lambda keeps doubles)', async () => {
      const { router, updateAlias } = await create();

      await updateAlias(LIVE, { version: '1', additionalWeights: { '2': 0.1 + 0.2 } });

      expect(await router.verifyWeight(LIVE, '1', '2', 30)).toBe(true);
    });

    it.each([[12.5], [-1], [101], [Number.NaN]])('refuses the weight %s (a whole percentage from 0 to 100), leaving the alias', async (weight) => {
      const { router } = await create();

      await expect(router.setWeight(LIVE, '1', '2', weight)).rejects.toThrow(RangeError);

      expect(await router.getRouting(LIVE)).toEqual(INITIAL);
    });

    it('refuses a candidate that is the stable version', async () => {
      const { router } = await create();

      await expect(router.setWeight(LIVE, '1', '1', 25)).rejects.toThrow(RangeError);
    });

    it('refuses the release when the alias does not exist (Lambda: ResourceNotFoundException)', async () => {
      const { router } = await create();
      const beta = { functionName: 'assistant', alias: 'beta' };

      const refused = { name: 'ReleaseRefusedError', message: expect.stringContaining('alias beta of function assistant does not exist') };
      await expect(router.getRouting(beta)).rejects.toMatchObject(refused);
      await expect(router.setWeight(beta, '1', '2', 5)).rejects.toMatchObject(refused);
      await expect(router.verifyWeight(beta, '1', '2', 5)).rejects.toMatchObject(refused);
    });

    it.each([
      ['as the candidate', '1', '9', 25],
      ['as the version taking all traffic', '1', '9', 100],
      ['as the stable version', '9', '2', 25],
    ])('refuses the release when a version is not published, %s (Lambda: ResourceNotFoundException), leaving the alias', async (_case, stable, candidate, weight) => {
      const { router } = await create();

      await expect(router.setWeight(LIVE, stable, candidate, weight)).rejects.toMatchObject({ name: 'ReleaseRefusedError' });

      expect(await router.getRouting(LIVE)).toEqual(INITIAL);
    });

    it.each([
      ['$LATEST', '2'],
      ['1', '$LATEST'],
    ])('refuses to split traffic between %s and %s: a weighted alias never points at $LATEST', async (stable, candidate) => {
      const { router } = await create();

      await expect(router.setWeight(LIVE, stable, candidate, 25)).rejects.toThrow();

      expect(await router.getRouting(LIVE)).toEqual(INITIAL);
    });

    it.each<[string, AliasRouting]>([
      ['two additional versions', { version: '1', additionalWeights: { '2': 0.1, '3': 0.1 } }],
      ['a negative weight', { version: '1', additionalWeights: { '2': -0.1 } }],
      ['a weight above 1', { version: '1', additionalWeights: { '2': 1.5 } }],
      ['a weight that is not a number', { version: '1', additionalWeights: { '2': Number.NaN } }],
      ['$LATEST as the additional version', { version: '1', additionalWeights: { $LATEST: 0.1 } }],
      ['$LATEST as the version of a weighted alias', { version: '$LATEST', additionalWeights: { '2': 0.1 } }],
    ])('lets no writer route with %s, as UpdateAlias refuses it', async (_case, routing) => {
      const { router, updateAlias } = await create();

      await expect(async () => updateAlias(LIVE, routing)).rejects.toThrow();

      expect(await router.getRouting(LIVE)).toEqual(INITIAL);
    });
  });
}
