/**
 * Lambda versions as the release sees them, and publishing a model-pin candidate: the stable version's code with
 * a new environment. Publishing goes through $LATEST (Lambda has no other way), and PublishVersion snapshots all of
 * $LATEST's code and configuration, so $LATEST must hold exactly the stable version's code and configuration, its
 * environment aside; otherwise a pin change would smuggle undeployed code, a new role or a new layer into
 * production as a "model-only" release. (A weighted alias needs that too: both versions must have the same
 * execution role and dead-letter queue configuration; Lambda developer guide, "Implement Lambda canary deployments
 * using a weighted alias".)
 */
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import type { FunctionRegistry, FunctionVersion, PublishOptions } from '../../ports/function-registry';
import { ReleaseRefusedError, TransientReleaseError } from '../../shared/errors';
import { isServiceError, rethrowTransient } from './service-errors';

// PreconditionFailed: $LATEST changed under us (RevisionId); a retry re-reads it and re-checks the code.
const TRANSIENT = ['ResourceConflictException', 'TooManyRequestsException', 'PreconditionFailedException'];

export interface LambdaFunctionRegistryOptions {
  /** @default real timers */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default 1000 */
  readonly pollIntervalMs?: number;
  /** Reads of $LATEST while the update is in progress before giving up (transient). @default 60 */
  readonly maxPollAttempts?: number;
  /**
   * Time kept back from the invocation when polling: the poll gives up (transient) rather than sleep into the last
   * `reserveMs`, so the task can still free its lock and say why before Lambda ends it. @default 10000
   */
  readonly reserveMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const registry = new LambdaFunctionRegistry(new LambdaClient({}));
 * const stable = await registry.getVersion('assistant', '7');
 * const candidate = await registry.publishWithEnvironment(stable, { ...stable.environment, EVALGATE_MODEL_ID: 'gpt-4o-2024-11-20' }, 'pins v4');
 */
export class LambdaFunctionRegistry implements FunctionRegistry {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollIntervalMs: number;
  private readonly maxPollAttempts: number;
  private readonly reserveMs: number;

  constructor(
    private readonly client: LambdaClient,
    options: LambdaFunctionRegistryOptions = {},
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.maxPollAttempts = options.maxPollAttempts ?? 60;
    this.reserveMs = options.reserveMs ?? 10_000;
  }

  async getVersion(functionName: string, version: string): Promise<FunctionVersion> {
    try {
      const config = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }));
      return toFunctionVersion(functionName, config);
    } catch (error) {
      if (isServiceError(error, 'ResourceNotFoundException')) {
        throw new ReleaseRefusedError(`function ${functionName} has no version ${version}`, { cause: error });
      }
      return rethrowTransient(error, TRANSIENT, `GetFunctionConfiguration ${functionName}:${version}`);
    }
  }

  /** `environment` replaces the whole environment of $LATEST (Lambda has no partial update). */
  async publishWithEnvironment(
    base: FunctionVersion,
    environment: Readonly<Record<string, string>>,
    description: string,
    options: PublishOptions = {},
  ): Promise<FunctionVersion> {
    const { functionName } = base;
    try {
      const [latest, stable] = await Promise.all([
        this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
        this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: base.version })),
      ]);
      if (latest.CodeSha256 !== base.codeSha256) {
        throw new ReleaseRefusedError(
          `$LATEST code differs from stable version ${base.version} of ${functionName} (${latest.CodeSha256} != ${base.codeSha256}): ` +
            'deploy code through the pipeline, not with a pin change',
        );
      }
      const differences = settingDifferences(settingsOf(stable), settingsOf(latest));
      if (differences.length > 0) {
        throw new ReleaseRefusedError(
          `$LATEST configuration differs from stable version ${base.version} of ${functionName}: ${differences.join('; ')}: ` +
            'a model-pin release publishes $LATEST with new pins and nothing else; deploy configuration through the pipeline',
        );
      }
      await this.client.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { ...environment } }, RevisionId: latest.RevisionId }),
      );
      const updated = await this.waitForUpdate(functionName, options.remainingMs);
      const published = await this.client.send(
        // The revision read after the update settled: the one the update returned changes when it completes.
        new PublishVersionCommand({ FunctionName: functionName, CodeSha256: base.codeSha256, Description: description, RevisionId: updated.RevisionId }),
      );
      const candidate = toFunctionVersion(functionName, published);
      if (candidate.version === base.version) {
        // Lambda publishes nothing when $LATEST equals the last version: the proposed environment changes nothing.
        throw new ReleaseRefusedError(`the proposed environment equals stable version ${base.version} of ${functionName}: nothing to release`);
      }
      return candidate;
    } catch (error) {
      return rethrowTransient(error, TRANSIENT, `publishing ${functionName} from version ${base.version}`);
    }
  }

  async restoreLatest(candidate: FunctionVersion, environment: Readonly<Record<string, string>>): Promise<boolean> {
    const { functionName } = candidate;
    try {
      const latest = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      // Someone deployed since the candidate was published from it: $LATEST is theirs now.
      if (latest.CodeSha256 !== candidate.codeSha256 || !sameEnvironment(latest.Environment?.Variables ?? {}, candidate.environment)) return false;
      await this.client.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { ...environment } }, RevisionId: latest.RevisionId }),
      );
      return true;
    } catch (error) {
      return rethrowTransient(error, TRANSIENT, `restoring the environment of ${functionName}'s $LATEST`);
    }
  }

  private async waitForUpdate(functionName: string, remainingMs: (() => number) | undefined): Promise<FunctionConfiguration> {
    for (let attempt = 1; attempt <= this.maxPollAttempts; attempt += 1) {
      const config = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      if (config.LastUpdateStatus === 'Successful') return config;
      if (config.LastUpdateStatus === 'Failed') {
        throw new ReleaseRefusedError(
          `updating the environment of ${functionName} failed: ${config.LastUpdateStatusReasonCode ?? 'unknown'}: ${config.LastUpdateStatusReason ?? 'no reason given'}`,
        );
      }
      if (attempt === this.maxPollAttempts) break;
      if (remainingMs && remainingMs() < this.pollIntervalMs + this.reserveMs) {
        throw new TransientReleaseError(`the environment update of ${functionName} was still in progress after ${attempt} reads, with too little of the invocation left to wait`);
      }
      await this.sleep(this.pollIntervalMs);
    }
    throw new TransientReleaseError(`the environment update of ${functionName} was still in progress after ${this.maxPollAttempts} reads`);
  }
}

/**
 * What PublishVersion snapshots besides the code and environment, as comparable strings. A setting Lambda leaves
 * out of the response is absent here, so an absent and a default value compare equal only when Lambda reports
 * them alike.
 *
 * @example
 * settingsOf({ Role: 'arn:aws:iam::123456789012:role/app', MemorySize: 512 }); // { role: 'arn:aws:iam::123456789012:role/app', memory: '512' }
 */
export function settingsOf(config: FunctionConfiguration): Record<string, string> {
  const settings: Record<string, string | undefined> = {
    role: config.Role,
    handler: config.Handler,
    runtime: config.Runtime,
    memory: config.MemorySize?.toString(),
    timeout: config.Timeout?.toString(),
    architectures: config.Architectures?.join(','),
    // Layer order is the order Lambda extracts them in: a reordering is a change.
    layers: config.Layers?.map((layer) => layer.Arn).join(','),
    'VPC subnets': config.VpcConfig?.SubnetIds?.toSorted().join(','),
    'VPC security groups': config.VpcConfig?.SecurityGroupIds?.toSorted().join(','),
    'VPC IPv6': config.VpcConfig?.Ipv6AllowedForDualStack?.toString(),
    'dead-letter queue': config.DeadLetterConfig?.TargetArn,
    'ephemeral storage': config.EphemeralStorage?.Size?.toString(),
    tracing: config.TracingConfig?.Mode,
    'KMS key': config.KMSKeyArn,
    'file systems': config.FileSystemConfigs?.map((fs) => `${fs.Arn}=${fs.LocalMountPath}`).toSorted().join(','),
    'image config': config.ImageConfigResponse?.ImageConfig ? JSON.stringify(config.ImageConfigResponse.ImageConfig) : undefined,
    'SnapStart': config.SnapStart?.ApplyOn,
    logging: config.LoggingConfig ? JSON.stringify(config.LoggingConfig) : undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** @example settingDifferences({ memory: '512' }, { memory: '1024' }); // ['memory 512 -> 1024'] */
function settingDifferences(stable: Record<string, string>, latest: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(stable), ...Object.keys(latest)])];
  return names.filter((name) => stable[name] !== latest[name]).map((name) => `${name} ${stable[name] ?? 'none'} -> ${latest[name] ?? 'none'}`);
}

function sameEnvironment(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function toFunctionVersion(functionName: string, config: FunctionConfiguration): FunctionVersion {
  if (!config.Version || !config.CodeSha256) {
    throw new Error(`Lambda returned no version or code hash for ${functionName}`);
  }
  return { functionName, version: config.Version, codeSha256: config.CodeSha256, environment: config.Environment?.Variables ?? {} };
}
