/**
 * Canary traffic through a Lambda alias: the primary version gets the rest, the candidate an additional weight.
 * At 0% and 100% the alias points at one version with no additional weights, so production is never left split.
 */
import { GetAliasCommand, LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import type { AliasRouting, AliasTarget, TrafficRouter } from '../../ports/traffic-router';
import { ReleaseRefusedError } from '../../shared/errors';
import { expectedRouting, routesAs } from '../../release/routing';
import { isServiceError, rethrowTransient } from './service-errors';

const TRANSIENT = ['ResourceConflictException', 'TooManyRequestsException', 'PreconditionFailedException'];

/**
 * @example
 * const router = new LambdaAliasRouter(new LambdaClient({}));
 * await router.setWeight({ functionName: 'assistant', alias: 'live' }, '7', '8', 5);
 * await router.verifyWeight({ functionName: 'assistant', alias: 'live' }, '7', '8', 5); // true
 */
export class LambdaAliasRouter implements TrafficRouter {
  constructor(private readonly client: LambdaClient) {}

  async getRouting({ functionName, alias }: AliasTarget): Promise<AliasRouting> {
    const response = await this.call(() => this.client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias })), functionName, alias);
    if (!response.FunctionVersion) throw new Error(`alias ${alias} of ${functionName} has no function version`);
    return { version: response.FunctionVersion, additionalWeights: response.RoutingConfig?.AdditionalVersionWeights ?? {} };
  }

  async setWeight({ functionName, alias }: AliasTarget, stable: string, candidate: string, weight: number): Promise<void> {
    const routing = expectedRouting(stable, candidate, weight);
    await this.call(
      () =>
        this.client.send(
          new UpdateAliasCommand({
            FunctionName: functionName,
            Name: alias,
            FunctionVersion: routing.version,
            RoutingConfig: { AdditionalVersionWeights: { ...routing.additionalWeights } },
          }),
        ),
      functionName,
      alias,
    );
  }

  async verifyWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<boolean> {
    return routesAs(await this.getRouting(target), expectedRouting(stable, candidate, weight));
  }

  private async call<T>(send: () => Promise<T>, functionName: string, alias: string): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (isServiceError(error, 'ResourceNotFoundException')) {
        throw new ReleaseRefusedError(`alias ${alias} of function ${functionName} does not exist`, { cause: error });
      }
      return rethrowTransient(error, TRANSIENT, `alias ${functionName}:${alias}`);
    }
  }
}

