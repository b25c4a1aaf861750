/**
 * What every FunctionRegistry does (functions/ports/function-registry.ts): run by function-registry.test.ts against
 * the fake and the local stage's functions. No implementation of the Lambda API is at hand: the rules are those
 * the Lambda documentation states and the Lambda adapter's handling of them (functions/adapters/aws/lambda-function-registry.ts).
 *
 * PublishVersion snapshots $LATEST as a new version, "Lambda doesn't publish a version if the function's
 * configuration and code haven't changed since the last version" (it returns that version), and version numbers
 * only grow: https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
 * UpdateFunctionConfiguration replaces the whole environment:
 * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
 */
import { describe, expect, it } from 'vitest';
import type { FunctionRegistry, FunctionVersion } from '../../functions/ports/function-registry';

type Config = Pick<FunctionVersion, 'codeSha256' | 'environment'>;

export interface FunctionRegistrySubject {
  readonly registry: FunctionRegistry;
  /** The pipeline's deploy step: code and environment to $LATEST, then PublishVersion. */
  publish(functionName: string, config: Config): FunctionVersion | Promise<FunctionVersion>;
  /** Code and environment to $LATEST only (UpdateFunctionCode + UpdateFunctionConfiguration). */
  deployLatest(functionName: string, config: Config): void | Promise<void>;
  /** What $LATEST holds (GetFunctionConfiguration without a qualifier). */
  latestOf(functionName: string): Config | undefined | Promise<Config | undefined>;
}

/** A registry with no functions. */
export type FunctionRegistryFactory = () => FunctionRegistrySubject | Promise<FunctionRegistrySubject>;

const PINS = { EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PINS_VERSION: '2', LOG_LEVEL: 'INFO' };
const PROPOSED = { EVALGATE_MODEL_ID: 'sim.assistant-2025-02-14', EVALGATE_PINS_VERSION: '3' };

/**
 * @example
 * functionRegistryContract('LocalFunctionRegistry', () => ({ registry, publish: ..., deployLatest: ... }));
 */
export function functionRegistryContract(name: string, create: FunctionRegistryFactory): void {
  describe(`FunctionRegistry contract: ${name}`, () => {
    it('reads a published version: its code hash and environment', async () => {
      const { registry, publish } = await create();
      await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      await publish('assistant', { codeSha256: 'code-2', environment: PINS });

      expect(await registry.getVersion('assistant', '1')).toEqual({ functionName: 'assistant', version: '1', codeSha256: 'code-1', environment: PINS });
      expect(await registry.getVersion('assistant', '2')).toEqual({ functionName: 'assistant', version: '2', codeSha256: 'code-2', environment: PINS });
    });

    it.each([
      ['a version that was never published', 'assistant', '9'],
      ['a function that does not exist', 'other', '1'],
    ])('refuses the release for %s (Lambda: ResourceNotFoundException)', async (_case, functionName, version) => {
      const { registry, publish } = await create();
      await publish('assistant', { codeSha256: 'code-1', environment: PINS });

      await expect(registry.getVersion(functionName, version)).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: expect.stringContaining(`${functionName} has no version ${version}`) });
    });

    it("publishes base's code with the environment given, which replaces the whole environment", async () => {
      // Prepare
      const { registry, publish } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });

      // Act: LOG_LEVEL is not in the new environment.
      const candidate = await registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3');

      // Assess
      expect(candidate).toEqual({ functionName: 'assistant', version: '2', codeSha256: 'code-1', environment: PROPOSED });
      expect(await registry.getVersion('assistant', '2')).toEqual(candidate);
      expect(await registry.getVersion('assistant', '1')).toEqual(stable);
    });

    it('numbers the candidate after the last version, also when the base is an older one', async () => {
      const { registry, publish, deployLatest } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      await publish('assistant', { codeSha256: 'code-2', environment: PINS });
      await deployLatest('assistant', { codeSha256: 'code-1', environment: PINS });

      expect((await registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3')).version).toBe('3');
    });

    it('returns the version it published first when asked again (a retried Prepare): $LATEST has not changed since', async () => {
      const { registry, publish } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      const first = await registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3');

      const again = await registry.publishWithEnvironment(stable, { ...PROPOSED }, 'evalgate pins 3');

      expect(again).toEqual(first);
      await expect(registry.getVersion('assistant', '3')).rejects.toMatchObject({ name: 'ReleaseRefusedError' });
    });

    it("refuses when $LATEST's code differs from base's, publishing nothing: a pin change carries no undeployed code", async () => {
      const { registry, publish, deployLatest } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      await deployLatest('assistant', { codeSha256: 'code-undeployed', environment: PINS });

      await expect(registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3')).rejects.toMatchObject({
        name: 'ReleaseRefusedError',
        message: expect.stringContaining('$LATEST code differs from stable version 1 of assistant (code-undeployed != code-1)'),
      });
      await expect(registry.getVersion('assistant', '2')).rejects.toMatchObject({ name: 'ReleaseRefusedError' });
    });

    it("gives $LATEST the stable environment back after a candidate that did not promote, while $LATEST is the candidate's", async () => {
      const { registry, publish, latestOf } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      const candidate = await registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3');

      expect(await registry.restoreLatest(candidate, stable.environment)).toBe(true);

      expect(await latestOf('assistant')).toEqual({ codeSha256: 'code-1', environment: PINS });
    });

    it.each([
      ['new code', { codeSha256: 'code-2', environment: PROPOSED }],
      ['a new environment', { codeSha256: 'code-1', environment: { ...PROPOSED, LOG_LEVEL: 'DEBUG' } }],
    ])('leaves $LATEST alone once someone deployed %s to it since the candidate', async (_case, deployed) => {
      const { registry, publish, deployLatest, latestOf } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });
      const candidate = await registry.publishWithEnvironment(stable, PROPOSED, 'evalgate pins 3');
      await deployLatest('assistant', deployed);

      expect(await registry.restoreLatest(candidate, stable.environment)).toBe(false);

      expect(await latestOf('assistant')).toEqual(deployed);
    });

    it('refuses an environment equal to the last version, which is the base: Lambda publishes nothing new', async () => {
      const { registry, publish } = await create();
      const stable = await publish('assistant', { codeSha256: 'code-1', environment: PINS });

      await expect(registry.publishWithEnvironment(stable, { ...PINS }, 'evalgate pins 2')).rejects.toMatchObject({
        name: 'ReleaseRefusedError',
        message: 'the proposed environment equals stable version 1 of assistant: nothing to release',
      });
      await expect(registry.getVersion('assistant', '2')).rejects.toMatchObject({ name: 'ReleaseRefusedError' });
    });
  });
}
