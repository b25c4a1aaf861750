import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  PreconditionFailedException,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaFunctionRegistry } from '../../../../functions/adapters/aws/lambda-function-registry';
import { ReleaseRefusedError, TransientReleaseError } from '../../../../functions/shared/errors';

const lambda = mockClient(LambdaClient);
const base = { functionName: 'assistant', version: '7', codeSha256: 'sha-7', environment: { EVALGATE_MODEL_ID: 'gpt-4o-2024-08-06' } };
const proposed = { EVALGATE_MODEL_ID: 'gpt-4o-2024-11-20', EVALGATE_PINS_VERSION: '4' };
const metadata = { $metadata: {}, message: 'x' };

function registry(sleeps: number[] = [], maxPollAttempts?: number) {
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return new LambdaFunctionRegistry(new LambdaClient({}), { sleep, pollIntervalMs: 500, ...(maxPollAttempts ? { maxPollAttempts } : {}) });
}

describe('LambdaFunctionRegistry.getVersion', () => {
  beforeEach(() => lambda.reset());

  it('reads the qualified version and its environment', async () => {
    // Prepare
    lambda.on(GetFunctionConfigurationCommand).resolves({ Version: '7', CodeSha256: 'sha-7', Environment: { Variables: { EVALGATE_MODEL_ID: 'm-2024-11-20' } } });

    // Act
    const version = await registry().getVersion('assistant', '7');

    // Assess
    expect(version).toEqual({ functionName: 'assistant', version: '7', codeSha256: 'sha-7', environment: { EVALGATE_MODEL_ID: 'm-2024-11-20' } });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)[0]!.args[0].input).toEqual({ FunctionName: 'assistant', Qualifier: '7' });
  });

  it('returns an empty environment when the version has none', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ Version: '7', CodeSha256: 'sha-7' });
    expect((await registry().getVersion('assistant', '7')).environment).toEqual({});
  });

  it.each([
    [new ResourceNotFoundException(metadata), ReleaseRefusedError, 'function assistant has no version 7'],
    [new TooManyRequestsException(metadata), TransientReleaseError, 'GetFunctionConfiguration assistant:7: TooManyRequestsException: x'],
  ])('maps %s', async (error, expected, message) => {
    lambda.on(GetFunctionConfigurationCommand).rejects(error);
    const read = registry().getVersion('assistant', '7');
    await expect(read).rejects.toThrow(expected);
    await expect(read).rejects.toThrow(message);
  });
});

describe('LambdaFunctionRegistry.publishWithEnvironment', () => {
  beforeEach(() => lambda.reset());

  it('updates $LATEST, waits for the update and publishes the stable code with the revision that settled', async () => {
    // Prepare
    lambda
      .on(GetFunctionConfigurationCommand)
      .resolvesOnce({ Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-1', LastUpdateStatus: 'Successful' })
      .resolvesOnce({ Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' })
      .resolvesOnce({ Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' })
      .resolvesOnce({ Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-3', LastUpdateStatus: 'Successful' });
    lambda.on(UpdateFunctionConfigurationCommand).resolves({ RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' });
    lambda.on(PublishVersionCommand).resolves({ Version: '9', CodeSha256: 'sha-7', Environment: { Variables: proposed } });
    const sleeps: number[] = [];

    // Act
    const candidate = await registry(sleeps).publishWithEnvironment(base, proposed, 'evalgate: model pins 4');

    // Assess
    expect(candidate).toEqual({ functionName: 'assistant', version: '9', codeSha256: 'sha-7', environment: proposed });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input)).toEqual(Array(4).fill({ FunctionName: 'assistant' }));
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'assistant',
      Environment: { Variables: proposed },
      RevisionId: 'rev-1',
    });
    expect(lambda.commandCalls(PublishVersionCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'assistant',
      CodeSha256: 'sha-7',
      Description: 'evalgate: model pins 4',
      RevisionId: 'rev-3',
    });
    expect(sleeps).toEqual([500, 500]);
  });

  it('fails when $LATEST runs other code than the stable version, changing nothing', async () => {
    // Prepare
    lambda.on(GetFunctionConfigurationCommand).resolves({ Version: '$LATEST', CodeSha256: 'sha-new', RevisionId: 'rev-1' });

    // Act
    const publish = registry().publishWithEnvironment(base, proposed, 'pins');

    // Assess
    await expect(publish).rejects.toThrow(ReleaseRefusedError);
    await expect(publish).rejects.toThrow(
      '$LATEST code differs from stable version 7 of assistant (sha-new != sha-7): deploy code through the pipeline, not with a pin change',
    );
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
    expect(lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
  });

  it('fails when the update fails, without publishing', async () => {
    // Prepare
    lambda
      .on(GetFunctionConfigurationCommand)
      .resolvesOnce({ CodeSha256: 'sha-7', RevisionId: 'rev-1' })
      .resolves({ CodeSha256: 'sha-7', LastUpdateStatus: 'Failed', LastUpdateStatusReasonCode: 'KMSKeyAccessDenied', LastUpdateStatusReason: 'no access to key' });
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});

    // Act
    const publish = registry().publishWithEnvironment(base, proposed, 'pins');

    // Assess
    await expect(publish).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'updating the environment of assistant failed: KMSKeyAccessDenied: no access to key' });
    expect(lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
  });

  it('gives up as transient when the update stays in progress', async () => {
    // Prepare
    lambda
      .on(GetFunctionConfigurationCommand)
      .resolvesOnce({ CodeSha256: 'sha-7', RevisionId: 'rev-1' })
      .resolves({ CodeSha256: 'sha-7', LastUpdateStatus: 'InProgress' });
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    const sleeps: number[] = [];

    // Act
    const publish = registry(sleeps, 3).publishWithEnvironment(base, proposed, 'pins');

    // Assess
    await expect(publish).rejects.toMatchObject({ name: 'TransientReleaseError', message: 'the environment update of assistant was still in progress after 3 reads' });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(4);
    expect(sleeps).toEqual([500, 500]);
  });

  it('fails when Lambda publishes nothing new because the environment equals the stable version', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-1', LastUpdateStatus: 'Successful' });
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    lambda.on(PublishVersionCommand).resolves({ Version: '7', CodeSha256: 'sha-7' });
    await expect(registry().publishWithEnvironment(base, base.environment, 'pins')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'the proposed environment equals stable version 7 of assistant: nothing to release' });
  });

  it.each([new ResourceConflictException(metadata), new TooManyRequestsException(metadata), new PreconditionFailedException(metadata)])(
    'maps %s during the update to a transient error',
    async (error) => {
      lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-1' });
      lambda.on(UpdateFunctionConfigurationCommand).rejects(error);
      const publish = registry().publishWithEnvironment(base, proposed, 'pins');
      await expect(publish).rejects.toThrow(TransientReleaseError);
      await expect(publish).rejects.toThrow(`publishing assistant from version 7: ${error.name}: x`);
    },
  );
});
