import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyAliases, LocalAliasRouter } from '../../../../lib/local-stage/services/alias-router';
import { emptyFunctions, LocalFunctionRegistry } from '../../../../lib/local-stage/services/function-registry';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const target = { functionName: 'assistant', alias: 'live' };

/** Versions 1 to 3 of the assistant, alias live on 1. */
function routerIn(dir: string, options: { createAlias?: boolean } = {}): LocalAliasRouter {
  const registry = new LocalFunctionRegistry(new JsonFile(join(dir, 'functions.json'), emptyFunctions()));
  for (const code of ['code-1', 'code-2', 'code-3']) registry.publish('assistant', { codeSha256: code, environment: {}, description: code });
  const router = new LocalAliasRouter(new JsonFile(join(dir, 'aliases.json'), emptyAliases()), registry);
  if (options.createAlias ?? true) router.createAlias(target, '1');
  return router;
}

describe('LocalAliasRouter', () => {
  it.each([
    [0, '1', {}],
    [5, '1', { '2': 0.05 }],
    [25, '1', { '2': 0.25 }],
    [99, '1', { '2': 0.99 }],
    [100, '2', {}],
  ])('routes %i%% to the candidate as the Lambda adapter does, and verifies it', async (weight, version, additionalWeights) => {
    // Prepare
    const dir = tempDir();
    const router = routerIn(dir);

    // Act
    await router.setWeight(target, '1', '2', weight);

    // Assess
    expect(await router.getRouting(target)).toEqual({ version, additionalWeights });
    expect(await router.verifyWeight(target, '1', '2', weight)).toBe(true);
    expect(await new LocalAliasRouter(new JsonFile(join(dir, 'aliases.json'), emptyAliases()), { has: () => true }).getRouting(target)).toEqual({ version, additionalWeights });
  });

  it('does not verify a routing another writer changed', async () => {
    const router = routerIn(tempDir());
    await router.setWeight(target, '1', '2', 25);

    router.updateAlias(target, { version: '1', additionalWeights: { '2': 0.5 } });

    expect(await router.verifyWeight(target, '1', '2', 25)).toBe(false);
    expect(await router.verifyWeight(target, '1', '2', 50)).toBe(true);
  });

  it('fails when the alias does not exist', async () => {
    const router = routerIn(tempDir(), { createAlias: false });

    const refused = { name: 'ReleaseRefusedError', message: 'alias live of function assistant does not exist' };
    await expect(router.getRouting(target)).rejects.toMatchObject(refused);
    await expect(router.setWeight(target, '1', '2', 5)).rejects.toMatchObject(refused);
    expect(() => router.route(target, 0.5)).toThrow('alias live of function assistant does not exist');
  });

  it('fails when the alias is created twice', () => {
    const router = routerIn(tempDir());

    expect(() => router.createAlias(target, '2')).toThrow(expect.objectContaining({ name: 'ResourceConflictException', message: 'alias live of function assistant already exists' }));
  });

  it.each([
    [{ version: '9', additionalWeights: {} }, 'ReleaseRefusedError', 'function assistant has no version 9'],
    [{ version: '1', additionalWeights: { '9': 0.1 } }, 'ReleaseRefusedError', 'function assistant has no version 9'],
    [{ version: '$LATEST', additionalWeights: {} }, 'InvalidParameterValueException', 'alias assistant:live: $LATEST cannot be routed: point the alias at published versions'],
    [{ version: '1', additionalWeights: { $LATEST: 0.1 } }, 'InvalidParameterValueException', 'alias assistant:live: $LATEST cannot be routed: point the alias at published versions'],
    [{ version: '1', additionalWeights: { '2': 0.1, '3': 0.1 } }, 'InvalidParameterValueException', 'alias assistant:live: at most one additional version, got: 2 (2, 3)'],
    [{ version: '1', additionalWeights: { '1': 0.1 } }, 'InvalidParameterValueException', 'alias assistant:live: additional version 1 is the primary version'],
    [{ version: '1', additionalWeights: { '2': 0 } }, 'InvalidParameterValueException', 'alias assistant:live: the weight of additional version 2 must be greater than 0 and less than 1, got: 0'],
    [{ version: '1', additionalWeights: { '2': 1 } }, 'InvalidParameterValueException', 'alias assistant:live: the weight of additional version 2 must be greater than 0 and less than 1, got: 1'],
    [{ version: '1', additionalWeights: { '2': Number.NaN } }, 'InvalidParameterValueException', 'alias assistant:live: the weight of additional version 2 must be greater than 0 and less than 1, got: NaN'],
  ])('fails when the routing is %j, as Lambda does', async (routing, name, message) => {
    // Prepare
    const router = routerIn(tempDir());

    // Act
    const act = () => router.updateAlias(target, routing);

    // Assess
    expect(act).toThrow(expect.objectContaining({ name, message }));
    expect(await router.getRouting(target)).toEqual({ version: '1', additionalWeights: {} });
  });

  it('fails when the weight is not a whole percentage, as the Lambda adapter does', async () => {
    const router = routerIn(tempDir());

    await expect(router.setWeight(target, '1', '2', 12.5)).rejects.toMatchObject({ name: 'RangeError', message: 'canary weight must be an integer between 0 and 100, got: 12.5' });
  });

  it('routes requests by weight', async () => {
    // Prepare
    const router = routerIn(tempDir());
    await router.setWeight(target, '1', '2', 25);
    const randoms = Array.from({ length: 1000 }, (_, i) => i / 1000);

    // Act
    const served = randoms.map((random) => router.route(target, random));

    // Assess
    expect(served.filter((version) => version === '2')).toHaveLength(250);
    expect(served.filter((version) => version === '1')).toHaveLength(750);
    expect(router.route(target, 0.2499)).toBe('2');
    expect(router.route(target, 0.25)).toBe('1');
  });

  it.each([[0], [100]])('routes every request to one version at %i%%', async (weight) => {
    const router = routerIn(tempDir());
    await router.setWeight(target, '1', '2', weight);

    const served = new Set([0, 0.5, 0.999].map((random) => router.route(target, random)));

    expect(served).toEqual(new Set([weight === 0 ? '1' : '2']));
  });

  it.each([[-0.1], [1], [Number.NaN]])('fails when the random number is %s', (random) => {
    const router = routerIn(tempDir());

    expect(() => router.route(target, random)).toThrow(`random must be in [0, 1), got: ${random}`);
  });
});
