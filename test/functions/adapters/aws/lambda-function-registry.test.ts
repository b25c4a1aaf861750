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
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaFunctionRegistry } from '../../../../functions/adapters/aws/lambda-function-registry';
import { ReleaseRefusedError, TransientReleaseError } from '../../../../functions/shared/errors';

const lambda = mockSdkClient(LambdaClient);
const base = { functionName: 'assistant', version: '7', codeSha256: 'sha-7', environment: { EVALGATE_MODEL_ID: 'gpt-4o-2024-08-06' } };
const proposed = { EVALGATE_MODEL_ID: 'gpt-4o-2024-11-20', EVALGATE_PINS_VERSION: '4' };
const metadata = { $metadata: {}, message: 'x' };

/** What version 7 and $LATEST share besides code: PublishVersion snapshots all of it. */
const settings = {
  Role: 'arn:aws:iam::123456789012:role/assistant',
  Handler: 'index.handler',
  Runtime: 'nodejs22.x' as const,
  MemorySize: 512,
  Timeout: 30,
  Architectures: ['arm64' as const],
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:prompts:3' }],
  DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:assistant-dlq' },
};

function registry(sleeps: number[] = [], maxPollAttempts?: number, remaining?: { ms: number }) {
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    if (remaining) remaining.ms -= ms;
  };
  return new LambdaFunctionRegistry(new LambdaClient({}), { sleep, pollIntervalMs: 500, reserveMs: 2_000, ...(maxPollAttempts ? { maxPollAttempts } : {}) });
}

/** Version 7 as GetFunctionConfiguration with its qualifier answers. */
const stableVersion = (overrides: object = {}) =>
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'assistant', Qualifier: '7' }).resolves({ Version: '7', CodeSha256: 'sha-7', ...settings, ...overrides });

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
  beforeEach(() => {
    lambda.reset();
    stableVersion();
  });

  it('updates $LATEST, waits for the update and publishes the stable code with the revision that settled', async () => {
    // Prepare
    const reads = [
      { Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-1', LastUpdateStatus: 'Successful' as const, ...settings },
      { Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' as const },
      { Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' as const },
      { Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-3', LastUpdateStatus: 'Successful' as const },
    ];
    // One behaviour for both reads: the once-behaviours of aws-sdk-client-mock also count calls another answered.
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { Qualifier?: string }) => (input.Qualifier === '7' ? { Version: '7', CodeSha256: 'sha-7', ...settings } : reads.shift()));
    lambda.on(UpdateFunctionConfigurationCommand).resolves({ RevisionId: 'rev-2', LastUpdateStatus: 'InProgress' });
    lambda.on(PublishVersionCommand).resolves({ Version: '9', CodeSha256: 'sha-7', Environment: { Variables: proposed } });
    const sleeps: number[] = [];

    // Act
    const candidate = await registry(sleeps).publishWithEnvironment(base, proposed, 'evalgate: model pins 4');

    // Assess
    expect(candidate).toEqual({ functionName: 'assistant', version: '9', codeSha256: 'sha-7', environment: proposed });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input)).toEqual([
      { FunctionName: 'assistant' },
      { FunctionName: 'assistant', Qualifier: '7' },
      ...Array(3).fill({ FunctionName: 'assistant' }),
    ]);
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
    lambda.on(GetFunctionConfigurationCommand).resolves({ Version: '$LATEST', CodeSha256: 'sha-new', RevisionId: 'rev-1', ...settings });

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
      .resolvesOnce({ CodeSha256: 'sha-7', RevisionId: 'rev-1', ...settings })
      .resolves({ CodeSha256: 'sha-7', LastUpdateStatus: 'Failed', LastUpdateStatusReasonCode: 'KMSKeyAccessDenied', LastUpdateStatusReason: 'no access to key' });
    stableVersion(); // after the unqualified reads: aws-sdk-client-mock takes the last matching behaviour
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
      .resolvesOnce({ CodeSha256: 'sha-7', RevisionId: 'rev-1', ...settings })
      .resolves({ CodeSha256: 'sha-7', LastUpdateStatus: 'InProgress' });
    stableVersion(); // after the unqualified reads: aws-sdk-client-mock takes the last matching behaviour
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    const sleeps: number[] = [];

    // Act
    const publish = registry(sleeps, 3).publishWithEnvironment(base, proposed, 'pins');

    // Assess
    await expect(publish).rejects.toMatchObject({ name: 'TransientReleaseError', message: 'the environment update of assistant was still in progress after 3 reads' });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(5);
    expect(sleeps).toEqual([500, 500]);
  });

  it('fails when Lambda publishes nothing new because the environment equals the stable version', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-1', LastUpdateStatus: 'Successful', ...settings });
    stableVersion(); // after the unqualified reads: aws-sdk-client-mock takes the last matching behaviour
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    lambda.on(PublishVersionCommand).resolves({ Version: '7', CodeSha256: 'sha-7' });
    await expect(registry().publishWithEnvironment(base, base.environment, 'pins')).rejects.toMatchObject({ name: 'ReleaseRefusedError', message: 'the proposed environment equals stable version 7 of assistant: nothing to release' });
  });

  it.each([new ResourceConflictException(metadata), new TooManyRequestsException(metadata), new PreconditionFailedException(metadata)])(
    'maps %s during the update to a transient error',
    async (error) => {
      lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-1', ...settings });
      stableVersion();
      lambda.on(UpdateFunctionConfigurationCommand).rejects(error);
      const publish = registry().publishWithEnvironment(base, proposed, 'pins');
      await expect(publish).rejects.toThrow(TransientReleaseError);
      await expect(publish).rejects.toThrow(`publishing assistant from version 7: ${error.name}: x`);
    },
  );

  it.each([
    ['a new role', { Role: 'arn:aws:iam::123456789012:role/admin' }, 'role arn:aws:iam::123456789012:role/assistant -> arn:aws:iam::123456789012:role/admin'],
    ['a new layer', { Layers: [...settings.Layers, { Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:tools:1' }] }, 'layers arn:aws:lambda:us-east-1:123456789012:layer:prompts:3 -> arn:aws:lambda:us-east-1:123456789012:layer:prompts:3,arn:aws:lambda:us-east-1:123456789012:layer:tools:1'],
    ['another runtime', { Runtime: 'nodejs24.x' as const }, 'runtime nodejs22.x -> nodejs24.x'],
    ['another handler', { Handler: 'other.handler' }, 'handler index.handler -> other.handler'],
    ['more memory', { MemorySize: 1024 }, 'memory 512 -> 1024'],
    ['a longer timeout', { Timeout: 60 }, 'timeout 30 -> 60'],
    ['another architecture', { Architectures: ['x86_64' as const] }, 'architectures arm64 -> x86_64'],
    ['a VPC', { VpcConfig: { SubnetIds: ['subnet-2', 'subnet-1'], SecurityGroupIds: ['sg-1'] } }, 'VPC subnets none -> subnet-1,subnet-2; VPC security groups none -> sg-1'],
    ['no dead-letter queue', { DeadLetterConfig: undefined }, 'dead-letter queue arn:aws:sqs:us-east-1:123456789012:assistant-dlq -> none'],
  ])('refuses when $LATEST has %s that the stable version has not, changing nothing', async (_, latest, difference) => {
    // Prepare
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'assistant' }).resolves({ Version: '$LATEST', CodeSha256: 'sha-7', RevisionId: 'rev-1', ...settings, ...latest });
    stableVersion();

    // Act
    const publish = registry().publishWithEnvironment(base, proposed, 'pins');

    // Assess
    await expect(publish).rejects.toMatchObject({
      name: 'ReleaseRefusedError',
      message: `$LATEST configuration differs from stable version 7 of assistant: ${difference}: a model-pin release publishes $LATEST with new pins and nothing else; deploy configuration through the pipeline`,
    });
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
    expect(lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
  });

  it('takes VPC subnets in any order as the same configuration', async () => {
    // Prepare
    const vpc = (SubnetIds: string[]) => ({ VpcConfig: { SubnetIds, SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' } });
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'assistant' }).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-1', LastUpdateStatus: 'Successful', ...settings, ...vpc(['subnet-2', 'subnet-1']) });
    stableVersion(vpc(['subnet-1', 'subnet-2']));
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    lambda.on(PublishVersionCommand).resolves({ Version: '9', CodeSha256: 'sha-7', Environment: { Variables: proposed } });

    // Act
    const candidate = await registry().publishWithEnvironment(base, proposed, 'pins');

    // Assess
    expect(candidate.version).toBe('9');
  });

  it('stops waiting for the update before the invocation runs out, keeping time back to free the lock', async () => {
    // Prepare: 3.4 s left, 2 s reserved, 0.5 s polls: two sleeps fit, the third would cut into the reserve
    lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: 'assistant' })
      .resolvesOnce({ CodeSha256: 'sha-7', RevisionId: 'rev-1', ...settings })
      .resolves({ CodeSha256: 'sha-7', LastUpdateStatus: 'InProgress', ...settings });
    stableVersion();
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    const sleeps: number[] = [];
    const remaining = { ms: 3_400 };

    // Act
    const publish = registry(sleeps, 60, remaining).publishWithEnvironment(base, proposed, 'pins', { remainingMs: () => remaining.ms });

    // Assess
    await expect(publish).rejects.toMatchObject({
      name: 'TransientReleaseError',
      message: 'the environment update of assistant was still in progress after 3 reads, with too little of the invocation left to wait',
    });
    expect(sleeps).toEqual([500, 500]);
    expect(lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
  });
});

describe('LambdaFunctionRegistry.restoreLatest', () => {
  const candidate = { functionName: 'assistant', version: '9', codeSha256: 'sha-7', environment: proposed };
  beforeEach(() => lambda.reset());

  it("gives $LATEST the stable environment back while it still holds the candidate's", async () => {
    // Prepare
    lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-5', Environment: { Variables: { ...proposed } } });
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});

    // Act
    const restored = await registry().restoreLatest(candidate, base.environment);

    // Assess
    expect(restored).toBe(true);
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)[0]!.args[0].input).toEqual({ FunctionName: 'assistant' });
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'assistant',
      Environment: { Variables: base.environment },
      RevisionId: 'rev-5',
    });
  });

  it.each([
    ['new code', { CodeSha256: 'sha-8', Environment: { Variables: { ...proposed } } }],
    ['another environment', { CodeSha256: 'sha-7', Environment: { Variables: { ...proposed, EXTRA: '1' } } }],
  ])('leaves $LATEST alone once someone deployed %s to it', async (_, latest) => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-6', ...latest });
    expect(await registry().restoreLatest(candidate, base.environment)).toBe(false);
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
  });

  it('maps a concurrent change of $LATEST to a transient error', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: 'sha-7', RevisionId: 'rev-5', Environment: { Variables: { ...proposed } } });
    lambda.on(UpdateFunctionConfigurationCommand).rejects(new PreconditionFailedException(metadata));
    await expect(registry().restoreLatest(candidate, base.environment)).rejects.toMatchObject({
      name: 'TransientReleaseError',
      message: "restoring the environment of assistant's $LATEST: PreconditionFailedException: x",
    });
  });
});
