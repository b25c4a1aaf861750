/**
 * Lambda versions as the release sees them, and publishing a model-pin candidate: the stable version's code with
 * a new environment. Publishing goes through $LATEST (Lambda has no other way), so $LATEST must hold exactly the
 * stable code; otherwise a pin change would smuggle undeployed code into production.
 */
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import type { FunctionRegistry, FunctionVersion } from '../../ports/function-registry';
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

  constructor(
    private readonly client: LambdaClient,
    options: LambdaFunctionRegistryOptions = {},
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.maxPollAttempts = options.maxPollAttempts ?? 60;
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
  async publishWithEnvironment(base: FunctionVersion, environment: Readonly<Record<string, string>>, description: string): Promise<FunctionVersion> {
    const { functionName } = base;
    try {
      const latest = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      if (latest.CodeSha256 !== base.codeSha256) {
        throw new ReleaseRefusedError(
          `$LATEST code differs from stable version ${base.version} of ${functionName} (${latest.CodeSha256} != ${base.codeSha256}): ` +
            'deploy code through the pipeline, not with a pin change',
        );
      }
      await this.client.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { ...environment } }, RevisionId: latest.RevisionId }),
      );
      const updated = await this.waitForUpdate(functionName);
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

  private async waitForUpdate(functionName: string): Promise<FunctionConfiguration> {
    for (let attempt = 1; attempt <= this.maxPollAttempts; attempt += 1) {
      const config = await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      if (config.LastUpdateStatus === 'Successful') return config;
      if (config.LastUpdateStatus === 'Failed') {
        throw new ReleaseRefusedError(
          `updating the environment of ${functionName} failed: ${config.LastUpdateStatusReasonCode ?? 'unknown'}: ${config.LastUpdateStatusReason ?? 'no reason given'}`,
        );
      }
      if (attempt < this.maxPollAttempts) await this.sleep(this.pollIntervalMs);
    }
    throw new TransientReleaseError(`the environment update of ${functionName} was still in progress after ${this.maxPollAttempts} reads`);
  }
}

function toFunctionVersion(functionName: string, config: FunctionConfiguration): FunctionVersion {
  if (!config.Version || !config.CodeSha256) {
    throw new Error(`Lambda returned no version or code hash for ${functionName}`);
  }
  return { functionName, version: config.Version, codeSha256: config.CodeSha256, environment: config.Environment?.Variables ?? {} };
}
