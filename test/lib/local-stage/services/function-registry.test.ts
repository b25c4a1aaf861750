import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyFunctions, LocalFunctionRegistry } from '../../../../lib/local-stage/services/function-registry';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const registryIn = (dir: string) => new LocalFunctionRegistry(new JsonFile(join(dir, 'functions.json'), emptyFunctions()));
const ENV = { EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PINS_VERSION: '1' };

describe('LocalFunctionRegistry', () => {
  it('numbers published versions like Lambda and keeps them across instances', async () => {
    // Prepare
    const dir = tempDir();
    const registry = registryIn(dir);

    // Act
    const first = registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });
    const second = registry.publish('assistant', { codeSha256: 'code-2', environment: ENV, description: 'second' });

    // Assess
    expect([first.version, second.version]).toEqual(['1', '2']);
    expect(await registryIn(dir).getVersion('assistant', '2')).toEqual({ functionName: 'assistant', version: '2', codeSha256: 'code-2', environment: ENV });
    expect(registryIn(dir).versions('assistant').map((v) => v.version)).toEqual(['1', '2']);
  });

  it('publishes nothing new when $LATEST is unchanged since the last version', () => {
    const registry = registryIn(tempDir());
    registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });

    const again = registry.publish('assistant', { codeSha256: 'code-1', environment: { ...ENV }, description: 'again' });

    expect(again.version).toBe('1');
  });

  it('fails when the version does not exist', async () => {
    const registry = registryIn(tempDir());
    registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });

    await expect(registry.getVersion('assistant', '9')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'function assistant has no version 9' });
    await expect(registry.getVersion('other', '1')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'function other has no version 1' });
  });

  it("publishes base's code with the new environment", async () => {
    // Prepare
    const registry = registryIn(tempDir());
    const stable = registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });
    const proposed = { ...ENV, EVALGATE_MODEL_ID: 'sim.assistant-2025-02-14', EVALGATE_PINS_VERSION: '2' };

    // Act
    const candidate = await registry.publishWithEnvironment(stable, proposed, 'pins v2');

    // Assess
    expect(candidate).toEqual({ functionName: 'assistant', version: '2', codeSha256: 'code-1', environment: proposed });
    expect(await registry.getVersion('assistant', '$LATEST')).toMatchObject({ codeSha256: 'code-1', environment: proposed });
  });

  it("refuses when $LATEST's code differs from base's", async () => {
    const registry = registryIn(tempDir());
    const stable = registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });
    registry.setLatest('assistant', { codeSha256: 'code-undeployed', environment: ENV });

    await expect(registry.publishWithEnvironment(stable, { ...ENV, EVALGATE_PINS_VERSION: '2' }, 'pins v2')).rejects.toMatchObject({
      name: 'ReleaseRefusedError',
      message:
        '$LATEST code differs from stable version 1 of assistant (code-undeployed != code-1): deploy code through the pipeline, not with a pin change',
    });
    expect(registry.versions('assistant')).toHaveLength(1);
  });

  it('refuses an environment equal to the stable version', async () => {
    const registry = registryIn(tempDir());
    const stable = registry.publish('assistant', { codeSha256: 'code-1', environment: ENV, description: 'first' });

    await expect(registry.publishWithEnvironment(stable, { ...ENV }, 'pins v1')).rejects.toMatchObject({
      name: 'ReleaseRefusedError',
      message: 'the proposed environment equals stable version 1 of assistant: nothing to release',
    });
  });
});
