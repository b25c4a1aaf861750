/**
 * Lambda functions and their published versions on the local stage (functions.json). Publishing follows
 * PublishVersion: it snapshots $LATEST as version max + 1, or returns the last version when $LATEST has not changed
 * since. A model-pin candidate is published exactly as the AWS adapter does it: through $LATEST, which must hold the
 * stable code.
 */
import type { FunctionRegistry, FunctionVersion } from '../../../functions/ports/function-registry';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
import type { JsonFile } from './json-file';

export interface FunctionConfig {
  readonly codeSha256: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Where the version's code is: the module the local stage runs it from (a synthesized asset). */
  readonly code?: { readonly path: string; readonly exportName: string };
}

interface PublishedConfig extends FunctionConfig {
  readonly description: string;
}

export interface FunctionsDocument {
  functions: Record<string, { latest: FunctionConfig; versions: Record<string, PublishedConfig> }>;
}

export const emptyFunctions = (): FunctionsDocument => ({ functions: {} });

/**
 * @example
 * const registry = new LocalFunctionRegistry(new JsonFile('.evalgate/functions.json', emptyFunctions()));
 * registry.publish('assistant', { codeSha256: 'code-1', environment: { EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20' }, description: 'first' }); // version '1'
 * await registry.getVersion('assistant', '1');
 */
export class LocalFunctionRegistry implements FunctionRegistry {
  constructor(private readonly file: JsonFile<FunctionsDocument>) {}

  /** Whether `version` is a published version of the function ($LATEST is not). */
  has(functionName: string, version: string): boolean {
    return this.file.read().functions[functionName]?.versions[version] !== undefined;
  }

  /** The published versions, oldest first. */
  versions(functionName: string): FunctionVersion[] {
    const versions = this.file.read().functions[functionName]?.versions ?? {};
    return Object.entries(versions)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([version, config]) => toVersion(functionName, version, config));
  }

  /** Deploys code and environment to $LATEST (UpdateFunctionCode + UpdateFunctionConfiguration); creates the function. */
  setLatest(functionName: string, config: FunctionConfig): void {
    this.file.update((doc) => {
      const existing = doc.functions[functionName];
      // New code comes with its location; a configuration update keeps the code (and its location) deployed.
      const code = config.code ?? (existing?.latest.codeSha256 === config.codeSha256 ? existing.latest.code : undefined);
      const latest = { codeSha256: config.codeSha256, environment: { ...config.environment }, ...(code ? { code } : {}) };
      if (existing) existing.latest = latest;
      else doc.functions[functionName] = { latest, versions: {} };
    });
  }

  /** Deploys to $LATEST and publishes it, as a pipeline's deploy step does. */
  publish(functionName: string, config: FunctionConfig & { readonly description: string }): FunctionVersion {
    this.setLatest(functionName, config);
    return this.publishLatest(functionName, config.description);
  }

  /** Where a version's code is, to run it. */
  codeOf(functionName: string, version: string): FunctionConfig['code'] {
    const fn = this.file.read().functions[functionName];
    return (version === '$LATEST' ? fn?.latest : fn?.versions[version])?.code;
  }

  async getVersion(functionName: string, version: string): Promise<FunctionVersion> {
    const fn = this.file.read().functions[functionName];
    // GetFunctionConfiguration answers for $LATEST too; a release never asks for it.
    const config = version === '$LATEST' ? fn?.latest : fn?.versions[version];
    if (!config) throw new ReleaseRefusedError(`function ${functionName} has no version ${version}`);
    return toVersion(functionName, version, config);
  }

  async publishWithEnvironment(base: FunctionVersion, environment: Readonly<Record<string, string>>, description: string): Promise<FunctionVersion> {
    const { functionName } = base;
    const latest = this.file.read().functions[functionName]?.latest;
    if (!latest) throw new ReleaseRefusedError(`function ${functionName} does not exist`);
    if (latest.codeSha256 !== base.codeSha256) {
      throw new ReleaseRefusedError(
        `$LATEST code differs from stable version ${base.version} of ${functionName} (${latest.codeSha256} != ${base.codeSha256}): ` +
          'deploy code through the pipeline, not with a pin change',
      );
    }
    // The whole environment is replaced, as UpdateFunctionConfiguration does.
    this.setLatest(functionName, { codeSha256: base.codeSha256, environment });
    const candidate = this.publishLatest(functionName, description);
    if (candidate.version === base.version) {
      throw new ReleaseRefusedError(`the proposed environment equals stable version ${base.version} of ${functionName}: nothing to release`);
    }
    return candidate;
  }
  async restoreLatest(candidate: FunctionVersion, environment: Readonly<Record<string, string>>): Promise<boolean> {
    return this.file.update((doc) => {
      const latest = doc.functions[candidate.functionName]?.latest;
      // A deploy since the candidate was published from $LATEST is someone else's: left alone, as the AWS adapter does.
      if (!latest || !sameConfig(latest, { codeSha256: candidate.codeSha256, environment: candidate.environment, ...(latest.code ? { code: latest.code } : {}) })) return false;
      doc.functions[candidate.functionName]!.latest = { ...latest, environment: { ...environment } };
      return true;
    });
  }

  private publishLatest(functionName: string, description: string): FunctionVersion {
    return this.file.update((doc) => {
      const fn = doc.functions[functionName];
      if (!fn) throw new ReleaseRefusedError(`function ${functionName} does not exist`);
      const numbers = Object.keys(fn.versions).map(Number);
      const last = numbers.length > 0 ? String(Math.max(...numbers)) : undefined;
      const lastConfig = last === undefined ? undefined : fn.versions[last];
      // Lambda publishes nothing when $LATEST is unchanged since the last version: it returns that version.
      if (last !== undefined && lastConfig && sameConfig(lastConfig, fn.latest)) return toVersion(functionName, last, lastConfig);
      const version = String(Math.max(0, ...numbers) + 1);
      fn.versions[version] = { ...fn.latest, description };
      return toVersion(functionName, version, fn.latest);
    });
  }
}

function sameConfig(a: FunctionConfig, b: FunctionConfig): boolean {
  const keys = Object.keys(a.environment);
  return (
    a.codeSha256 === b.codeSha256 && a.code?.path === b.code?.path && keys.length === Object.keys(b.environment).length && keys.every((key) => a.environment[key] === b.environment[key])
  );
}

function toVersion(functionName: string, version: string, config: FunctionConfig): FunctionVersion {
  return { functionName, version, codeSha256: config.codeSha256, environment: { ...config.environment } };
}
