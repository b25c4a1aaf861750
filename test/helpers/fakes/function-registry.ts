import type { FunctionRegistry, FunctionVersion } from '../../../functions/ports/function-registry';
import { Faults } from './faults';

/** Published versions of functions, in memory; publishing numbers versions like Lambda does (max + 1). */
export class FakeFunctionRegistry extends Faults<'getVersion' | 'publishWithEnvironment'> implements FunctionRegistry {
  private readonly versions = new Map<string, FunctionVersion>();
  readonly published: Array<{ readonly version: FunctionVersion; readonly description: string }> = [];

  constructor(versions: readonly FunctionVersion[] = []) {
    super();
    for (const version of versions) this.add(version);
  }

  add(version: FunctionVersion): FunctionVersion {
    this.versions.set(`${version.functionName}:${version.version}`, version);
    return version;
  }

  exists(functionName: string, version: string): boolean {
    return this.versions.has(`${functionName}:${version}`);
  }

  async getVersion(functionName: string, version: string): Promise<FunctionVersion> {
    this.check('getVersion');
    const found = this.versions.get(`${functionName}:${version}`);
    if (!found) throw new Error(`ResourceNotFoundException: function ${functionName} has no version ${version}`);
    return found;
  }

  async publishWithEnvironment(base: FunctionVersion, environment: Readonly<Record<string, string>>, description: string): Promise<FunctionVersion> {
    this.check('publishWithEnvironment');
    const numbers = [...this.versions.values()].filter((v) => v.functionName === base.functionName).map((v) => Number(v.version));
    const version = this.add({ functionName: base.functionName, version: String(Math.max(0, ...numbers) + 1), codeSha256: base.codeSha256, environment: { ...environment } });
    this.published.push({ version, description });
    return version;
  }
}
