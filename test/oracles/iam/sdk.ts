/**
 * Every AWS SDK client the adapters build, mocked at the class (aws-sdk-client-mock), so the adapters are built
 * exactly as the Lambda entries and the CLI build them (awsWorld, awsOperatorAdapters) and what they send is
 * recorded. The stubbed answers are plausible enough for every adapter method to run to its end.
 */
import {
  AppConfigClient,
  CreateHostedConfigurationVersionCommand,
  GetDeploymentCommand,
  GetHostedConfigurationVersionCommand,
  ListDeploymentsCommand,
  StartDeploymentCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, GetMetricDataCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { BatchGetReportsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetAliasCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, PublishVersionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { SentCommand } from './authorization';

/** The IAM service prefix of each client. */
const CLIENTS = {
  lambda: LambdaClient,
  cloudwatch: CloudWatchClient,
  appconfig: AppConfigClient,
  dynamodb: DynamoDBDocumentClient,
  s3: S3Client,
  sns: SNSClient,
  states: SFNClient,
  codebuild: CodeBuildClient,
  bedrock: BedrockRuntimeClient,
} as const;

type Service = keyof typeof CLIENTS;
/** aws-sdk-client-mock's stubs are typed per client; the recorder treats them alike. */
type AnyStub = AwsStub<any, any, any>;
export type SdkMocks = Readonly<Record<Service, AnyStub>>;

/** What the stubs answer with: the ids the answers carry. */
export interface StubContext {
  readonly stableVersion: string;
  readonly candidateVersion: string;
  readonly codeSha256: string;
  readonly releaseId: string;
  readonly configurationProfileId: string;
  readonly codeBuildReportArn: string;
  readonly executionArn: string;
}

const JUNIT = '<testsuites tests="3" failures="0" errors="0" skipped="0"><testsuite name="unit" tests="3" failures="0" errors="0" skipped="0"></testsuite></testsuites>';
const body = (text: string) => ({ transformToString: async () => text });
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The answers every adapter method needs to complete; a use may change them (calls.ts `stub`). */
function stubDefaults(mocks: SdkMocks, c: StubContext): void {
  const configuration = { Version: c.stableVersion, CodeSha256: c.codeSha256, RevisionId: 'rev-1', LastUpdateStatus: 'Successful' as const, Environment: { Variables: { EVALGATE_MODEL_ID: 'gpt-4o-2024-08-06' } } };
  mocks.lambda.on(GetAliasCommand).resolves({ FunctionVersion: c.stableVersion, RoutingConfig: { AdditionalVersionWeights: {} } });
  mocks.lambda.on(UpdateAliasCommand).resolves({});
  mocks.lambda.on(GetFunctionConfigurationCommand).resolves(configuration);
  mocks.lambda.on(UpdateFunctionConfigurationCommand).resolves(configuration);
  mocks.lambda.on(PublishVersionCommand).resolves({ ...configuration, Version: c.candidateVersion });
  mocks.lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ output: 'Revenue up 32% to $4.2M' }) as never });
  mocks.cloudwatch.on(PutMetricAlarmCommand).resolves({});
  mocks.cloudwatch.on(DeleteAlarmsCommand).resolves({});
  mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
  mocks.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'samples', Values: [3] }] });
  mocks.appconfig.on(GetHostedConfigurationVersionCommand).resolves({ Content: json({ modelId: 'gpt-4o-2024-11-20' }) as never });
  mocks.appconfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: 4 });
  mocks.appconfig.on(ListDeploymentsCommand).resolves({ Items: [{ DeploymentNumber: 3, ConfigurationProfileId: c.configurationProfileId, ConfigurationVersion: '4', State: 'COMPLETE' }] });
  mocks.appconfig.on(GetDeploymentCommand).resolves({ Description: 'pins proposed by oncall' });
  mocks.appconfig.on(StartDeploymentCommand).resolves({});
  mocks.appconfig.on(StopDeploymentCommand).resolves({});
  mocks.dynamodb.on(PutCommand).resolves({});
  mocks.dynamodb.on(GetCommand).resolves({ Item: { pk: 'LOCK', sk: 'LOCK', releaseId: c.releaseId, expiresAt: 2_000_000_000 } });
  mocks.dynamodb.on(UpdateCommand).resolves({});
  mocks.dynamodb.on(DeleteCommand).resolves({});
  mocks.dynamodb.on(QueryCommand).resolves({ Items: [] });
  mocks.s3.on(GetObjectCommand).resolves({ Body: body(JUNIT) as never });
  mocks.s3.on(PutObjectCommand).resolves({});
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  mocks.states.on(StartExecutionCommand).resolves({ executionArn: c.executionArn, startDate: new Date() });
  mocks.states.on(DescribeExecutionCommand).resolves({ executionArn: c.executionArn, name: c.releaseId, status: 'RUNNING', startDate: new Date(), input: '{}' } as never);
  mocks.states.on(GetExecutionHistoryCommand).resolves({ events: [] });
  mocks.states.on(ListExecutionsCommand).resolves({ executions: [] });
  mocks.states.on(StopExecutionCommand).resolves({ stopDate: new Date() });
  mocks.codebuild.on(BatchGetReportsCommand).resolves({
    reports: [{ arn: c.codeBuildReportArn, status: 'SUCCEEDED', testSummary: { total: 3, durationInNanoSeconds: 1, statusCounts: { SUCCEEDED: 3 } } }],
  });
  mocks.bedrock.on(ConverseCommand).resolves({ output: { message: { role: 'assistant', content: [{ text: '{"pass":true,"score":1,"reason":"ok"}' }] } } } as never);
}

/** The lock is held by another release: the conditional write fails and the holder is read. */
export function stubLockHeld(mocks: SdkMocks): void {
  mocks.dynamodb.on(PutCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' }));
  mocks.dynamodb.on(GetCommand).resolves({ Item: { pk: 'LOCK', sk: 'LOCK', releaseId: 'rel-0', expiresAt: 2_000_000_000 } });
}

/** $LATEST still holds what a model-pin candidate was published from: its code and `environment`. */
export const stubLatestHolds = (codeSha256: string, environment: Readonly<Record<string, string>>) => (mocks: SdkMocks): void => {
  mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ CodeSha256: codeSha256, RevisionId: 'rev-2', LastUpdateStatus: 'Successful', Environment: { Variables: { ...environment } } });
};

/** A shard's results, a JSON document, in the reports bucket. */
export function stubJsonObject(mocks: SdkMocks): void {
  mocks.s3.on(GetObjectCommand).resolves({ Body: body('{"suite":"quality","candidate":[],"baseline":[]}') as never });
}

export interface SdkRecorder {
  readonly mocks: SdkMocks;
  /** Runs `act` on fresh stubs and returns what it sent, in order. */
  sentBy(act: () => Promise<unknown>, stub?: (mocks: SdkMocks) => void): Promise<SentCommand[]>;
  restore(): void;
}

/**
 * @example
 * const sdk = recordSdk(context);
 * await sdk.sentBy(() => awsWorld(env).router.getRouting({ functionName: 'assistant', alias: 'live' }));
 * // [{ service: 'lambda', operation: 'GetAlias', input: { FunctionName: 'assistant', Name: 'live' } }]
 */
export function recordSdk(context: StubContext): SdkRecorder {
  const mocks = Object.fromEntries(Object.entries(CLIENTS).map(([service, client]) => [service, mockClient(client as never) as AnyStub])) as unknown as SdkMocks;
  return {
    mocks,
    async sentBy(act, stub) {
      for (const mock of Object.values(mocks)) mock.reset();
      stubDefaults(mocks, context);
      stub?.(mocks);
      await act();
      const calls = Object.entries(mocks).flatMap(([service, mock]) => mock.calls().map((call) => ({ service, call })));
      return calls.sort((a, b) => (a.call.calledBefore(b.call) ? -1 : 1)).map(({ service, call }) => sentCommand(service, call.args[0]));
    },
    restore() {
      for (const mock of Object.values(mocks)) mock.restore();
    },
  };
}

/** A DynamoDB document command is named by the low-level call it makes (PutCommand sends PutItem). */
function sentCommand(service: string, command: unknown): SentCommand {
  const { clientCommand, input } = command as { clientCommand?: object; input: Record<string, unknown> };
  const operation = (clientCommand ?? (command as object)).constructor.name.replace(/Command$/, '');
  return { service, operation, input };
}
