import type { FunctionRegistry, FunctionVersion } from '../../../functions/ports/function-registry';
import { ReleaseRefusedError } from '../../../functions/shared/errors';
import { Faults } from './faults';

type Config = Pick<FunctionVersion, 'codeSha256' | 'environment'>;

const sameConfig = (a: Config, b: Config) =>
  a.codeSha256 === b.codeSha256 && Object.keys(a.environment).length === Object.keys(b.environment).length && Object.entries(a.environment).every(([k, v]) => b.environment[k] === v);

/**
 * Published versions of functions, in memory, with PublishVersion's rules (test/contracts/function-registry.contract.ts):
 * numbered max + 1, and the last version returned when $LATEST has not changed since. $LATEST is what `deployLatest`
 * or `publish` put there; until then it is taken to hold the code a model-pin change publishes from.
 */
export class FakeFunctionRegistry extends Faults<'getVersion' | 'publishWithEnvironment'> implements FunctionRegistry {
  private readonly versions = new Map<string, FunctionVersion>();
  private readonly latest = new Map<string, Config>();
  /** What publishWithEnvironment published, in order (a version returned again is not listed again). */
  readonly published: Array<{ readonly version: FunctionVersion; readonly description: string }> = [];

  constructor(versions: readonly FunctionVersion[] = []) {
    super();
    for (const version of versions) this.add(version);
  }

  /** A published version, as test setup: $LATEST is left as it is. */
  add(version: FunctionVersion): FunctionVersion {
    this.versions.set(`${version.functionName}:${version.version}`, version);
    return version;
  }

  exists(functionName: string, version: string): boolean {
    return this.versions.has(`${functionName}:${version}`);
  }

  /** UpdateFunctionCode + UpdateFunctionConfiguration: what $LATEST runs. */
  deployLatest(functionName: string, config: Config): void {
    this.latest.set(functionName, { codeSha256: config.codeSha256, environment: { ...config.environment } });
  }

  /** Deploys to $LATEST and publishes it, as a pipeline's deploy step does. */
  publish(functionName: string, config: Config): FunctionVersion {
    this.deployLatest(functionName, config);
    return this.publishLatest(functionName);
  }

  async getVersion(functionName: string, version: string): Promise<FunctionVersion> {
    this.check('getVersion');
    const found = this.versions.get(`${functionName}:${version}`);
    // Refused, as the Lambda adapter refuses it when Lambda answers ResourceNotFoundException. The message keeps the
    // service's error code in front because test/functions/release/prepare.test.ts expects it there.
    if (!found) throw new ReleaseRefusedError(`ResourceNotFoundException: function ${functionName} has no version ${version}`);
    return found;
  }

  async publishWithEnvironment(base: FunctionVersion, environment: Readonly<Record<string, string>>, description: string): Promise<FunctionVersion> {
    this.check('publishWithEnvironment');
    const { functionName } = base;
    const latest = this.latest.get(functionName);
    if (latest && latest.codeSha256 !== base.codeSha256) {
      throw new ReleaseRefusedError(
        `$LATEST code differs from stable version ${base.version} of ${functionName} (${latest.codeSha256} != ${base.codeSha256}): deploy code through the pipeline, not with a pin change`,
      );
    }
    const before = this.numbers(functionName).length;
    this.deployLatest(functionName, { codeSha256: base.codeSha256, environment });
    const version = this.publishLatest(functionName);
    if (version.version === base.version) throw new ReleaseRefusedError(`the proposed environment equals stable version ${base.version} of ${functionName}: nothing to release`);
    if (this.numbers(functionName).length > before) this.published.push({ version, description });
    return version;
  }

  /** Only while $LATEST still holds the candidate (a deploy since is someone else's), as the Lambda adapter does. */
  async restoreLatest(candidate: FunctionVersion, environment: Readonly<Record<string, string>>): Promise<boolean> {
    const latest = this.latest.get(candidate.functionName);
    if (!latest || !sameConfig(latest, candidate)) return false;
    this.deployLatest(candidate.functionName, { codeSha256: latest.codeSha256, environment });
    return true;
  }

  /** What $LATEST holds, if it was deployed here. */
  latestOf(functionName: string): Config | undefined {
    return this.latest.get(functionName);
  }

  private numbers(functionName: string): number[] {
    return [...this.versions.values()].filter((v) => v.functionName === functionName).map((v) => Number(v.version));
  }

  /** PublishVersion: nothing new when $LATEST equals the last version, which is returned instead. */
  private publishLatest(functionName: string): FunctionVersion {
    const latest = this.latest.get(functionName)!;
    const numbers = this.numbers(functionName);
    const last = numbers.length > 0 ? this.versions.get(`${functionName}:${Math.max(...numbers)}`) : undefined;
    if (last && sameConfig(last, latest)) return last;
    return this.add({ functionName, version: String(Math.max(0, ...numbers) + 1), codeSha256: latest.codeSha256, environment: { ...latest.environment } });
  }
}
