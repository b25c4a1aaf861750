import { GetAliasCommand, LambdaClient, ResourceConflictException, ResourceNotFoundException, TooManyRequestsException, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaAliasRouter } from '../../../../functions/adapters/aws/lambda-alias-router';

const lambda = mockSdkClient(LambdaClient);
const target = { functionName: 'assistant', alias: 'live' };
const metadata = { $metadata: {}, message: 'x' };
const router = () => new LambdaAliasRouter(new LambdaClient({}));

describe('LambdaAliasRouter', () => {
  beforeEach(() => lambda.reset());

  it('reads the alias routing', async () => {
    // Prepare
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0.05 } } });

    // Act
    const routing = await router().getRouting(target);

    // Assess
    expect(routing).toEqual({ version: '7', additionalWeights: { '8': 0.05 } });
    expect(lambda.commandCalls(GetAliasCommand)[0]!.args[0].input).toEqual({ FunctionName: 'assistant', Name: 'live' });
  });

  it('reads an alias without routing config as unsplit', async () => {
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '7' });
    expect(await router().getRouting(target)).toEqual({ version: '7', additionalWeights: {} });
  });

  it.each([
    [0, '7', {}],
    [5, '7', { '8': 0.05 }],
    [25, '7', { '8': 0.25 }],
    [99, '7', { '8': 0.99 }],
    [100, '8', {}],
  ])('routes %i%% to the candidate', async (weight, version, weights) => {
    // Prepare
    lambda.on(UpdateAliasCommand).resolves({});

    // Act
    await router().setWeight(target, '7', '8', weight);

    // Assess
    expect(lambda.commandCalls(UpdateAliasCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'assistant',
      Name: 'live',
      FunctionVersion: version,
      RoutingConfig: { AdditionalVersionWeights: weights },
    });
  });

  it.each([
    ['7', '8', -1, 'canary weight must be an integer between 0 and 100, got: -1'],
    ['7', '8', 101, 'canary weight must be an integer between 0 and 100, got: 101'],
    ['7', '8', 12.5, 'canary weight must be an integer between 0 and 100, got: 12.5'],
    ['7', '8', Number.NaN, 'canary weight must be an integer between 0 and 100, got: NaN'],
    ['7', '7', 5, 'stable and candidate must be different versions, got: 7 for both'],
  ])('fails when stable %s, candidate %s, weight %s', async (stable, candidate, weight, message) => {
    await expect(router().setWeight(target, stable, candidate, weight)).rejects.toMatchObject({ name: 'RangeError', message });
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
  });

  it.each([
    ['the exact split', { FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0.05 } } }, 5, true],
    ['a split within float tolerance', { FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0.05 + 1e-12 } } }, 5, true],
    ['another weight', { FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0.06 } } }, 5, false],
    ['a third version', { FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0.05, '6': 0.01 } } }, 5, false],
    ['another primary version', { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '8': 0.05 } } }, 5, false],
    ['full promotion', { FunctionVersion: '8', RoutingConfig: { AdditionalVersionWeights: {} } }, 100, true],
    ['a promotion left split', { FunctionVersion: '8', RoutingConfig: { AdditionalVersionWeights: { '7': 0.01 } } }, 100, false],
    ['a rollback', { FunctionVersion: '7' }, 0, true],
    ['a rollback with a zero weight left behind', { FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: { '8': 0 } } }, 0, false],
  ])('verifies %s', async (_name, alias, weight, expected) => {
    // Prepare
    lambda.on(GetAliasCommand).resolves(alias);

    // Act
    const verified = await router().verifyWeight(target, '7', '8', weight);

    // Assess
    expect(verified).toBe(expected);
  });

  it.each([
    [new TooManyRequestsException(metadata), 'TransientReleaseError', 'alias assistant:live: TooManyRequestsException: x'],
    [new ResourceConflictException(metadata), 'TransientReleaseError', 'alias assistant:live: ResourceConflictException: x'],
    [new ResourceNotFoundException(metadata), 'ReleaseRefusedError', 'alias live of function assistant does not exist'],
  ])('maps %s', async (error, name, message) => {
    lambda.on(UpdateAliasCommand).rejects(error);
    await expect(router().setWeight(target, '7', '8', 5)).rejects.toMatchObject({ name, message });
  });
});
