/**
 * What AWS authorizes for one SDK call: the IAM action(s) and the exact resource ARN(s) of the request, from the
 * Service Authorization Reference (SAR, https://docs.aws.amazon.com/service-authorization/latest/reference/) and,
 * where it says less than the service does, the service's own documentation, cited next to the rule.
 *
 * The SAR's rule for actions with several required resource types ("If the action has one or more required
 * resources, the caller must have permission to use the action with those resources", reference_policies_actions-
 * resources-contextkeys.html) is applied literally: one request per required resource the call names, and every
 * one of them must be allowed. iam-data.ts checks each rule against the SAR's data, so a rule that forgets a
 * required resource type fails there.
 */
import { ACCOUNT, PARTITION, REGION } from './intrinsics';

/** One SDK command as an adapter sent it. */
export interface SentCommand {
  /** The IAM service prefix of the client that sent it (`lambda`, `dynamodb`, ...). */
  readonly service: string;
  /** The API operation (`GetAlias`, `PutItem`: DynamoDB document commands are named by the call they make). */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** One authorization AWS makes for a command. `*`: the action must be granted on every resource. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
}

type Rule = (input: Readonly<Record<string, any>>) => IamRequest[];

const regional = (service: string, resource: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${resource}`;

/**
 * The function ARN of a FunctionName (name, `name:qualifier`, partial or full ARN) and its qualifier.
 *
 * @example
 * lambdaFunction('assistant:7'); // { function: 'arn:aws:lambda:us-east-1:123456789012:function:assistant', qualifier: '7' }
 */
export function lambdaFunction(functionName: string, qualifier?: string): { readonly function: string; readonly qualifier?: string } {
  const tail = functionName.replace(/^arn:[^:]+:lambda:[^:]+:\d{12}:function:/, '').replace(/^\d{12}:function:/, '');
  const [name, inline] = tail.split(':');
  const q = qualifier ?? inline;
  return { function: regional('lambda', `function:${name}`), ...(q === undefined ? {} : { qualifier: q }) };
}

// Lambda (Lambda developer guide, "Fine-tuning the Resources and Conditions sections of policies",
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html): the alias and version actions
// (CreateAlias, DeleteAlias, GetAlias, UpdateAlias, PublishVersion, UpdateFunctionConfiguration) act on the
// function: the resource is the unqualified function ARN, whatever alias the call names, so a grant on
// `function:<name>:live` does not allow them. Calls that take a Qualifier (Invoke, GetFunctionConfiguration) are
// authorized on the qualified ARN, `function:<name>:<version>`: a grant on the unqualified ARN allows only the
// unqualified call (the same page: "restricted to a specific function by function, version, or alias ARN").
const onFunction = (action: string): Rule => (input) => [{ action, resource: lambdaFunction(input.FunctionName).function }];
const onQualified = (action: string): Rule => (input) => {
  const fn = lambdaFunction(input.FunctionName, input.Qualifier);
  return [{ action, resource: fn.qualifier === undefined ? fn.function : `${fn.function}:${fn.qualifier}` }];
};

const alarm = (name: string) => regional('cloudwatch', `alarm:${name}`);
const table = (name: string) => regional('dynamodb', `table/${name}`);

// AppConfig ARNs (SAR, "Resource types defined by AWS AppConfig").
const application = (i: Record<string, any>) => regional('appconfig', `application/${i.ApplicationId}`);
const environment = (i: Record<string, any>) => `${application(i)}/environment/${i.EnvironmentId}`;
const profile = (i: Record<string, any>) => `${application(i)}/configurationprofile/${i.ConfigurationProfileId}`;
const appconfig = (action: string, ...resources: Array<(i: Record<string, any>) => string>): Rule => (input) =>
  resources.map((resource) => ({ action, resource: resource(input) }));

/**
 * The codebuild:BatchGetReports resource is the report's group (SAR: resource type report-group), named in the
 * report ARN `report/<group>:<id>`.
 */
const reportGroup = (reportArn: string) => {
  const match = /^arn:[^:]+:codebuild:([^:]+):(\d{12}):report\/([^:]+):.+$/.exec(reportArn);
  if (!match) throw new Error(`not a CodeBuild report ARN: ${reportArn}`);
  return `arn:${PARTITION}:codebuild:${match[1]}:${match[2]}:report-group/${match[3]}`;
};

const RULES: Readonly<Record<string, Rule>> = {
  'lambda:GetAlias': onFunction('lambda:GetAlias'),
  'lambda:UpdateAlias': onFunction('lambda:UpdateAlias'),
  'lambda:PublishVersion': onFunction('lambda:PublishVersion'),
  'lambda:UpdateFunctionConfiguration': onFunction('lambda:UpdateFunctionConfiguration'),
  'lambda:GetFunctionConfiguration': onQualified('lambda:GetFunctionConfiguration'),
  // The action identifier differs from the operation (Invoke): the same page, "a special case".
  'lambda:Invoke': onQualified('lambda:InvokeFunction'),

  // Tags on a new alarm need cloudwatch:TagResource too (CloudWatch API Reference, PutMetricAlarm, Tags: "To be
  // able to associate tags with the alarm when you create the alarm, you must have the cloudwatch:TagResource
  // permission"), on that alarm.
  'cloudwatch:PutMetricAlarm': (i) => [
    { action: 'cloudwatch:PutMetricAlarm', resource: alarm(i.AlarmName) },
    ...((i.Tags ?? []).length > 0 ? [{ action: 'cloudwatch:TagResource', resource: alarm(i.AlarmName) }] : []),
  ],
  'cloudwatch:DeleteAlarms': (i) => (i.AlarmNames as string[]).map((name) => ({ action: 'cloudwatch:DeleteAlarms', resource: alarm(name) })),
  // Each named alarm; and composite alarms are returned only to a grant on * (CloudWatch API Reference,
  // DescribeAlarms: "To use this operation and return information about composite alarms, you must be signed on
  // with the cloudwatch:DescribeAlarms permission that is scoped to *").
  'cloudwatch:DescribeAlarms': (i) => [
    ...((i.AlarmNames ?? []) as string[]).map((name) => ({ action: 'cloudwatch:DescribeAlarms', resource: alarm(name) })),
    ...((i.AlarmTypes ?? []) as string[]).includes('CompositeAlarm') ? [{ action: 'cloudwatch:DescribeAlarms', resource: '*' }] : [],
  ],
  // No required resource type (SAR): granted on * only.
  'cloudwatch:GetMetricData': () => [{ action: 'cloudwatch:GetMetricData', resource: '*' }],

  'appconfig:CreateHostedConfigurationVersion': appconfig('appconfig:CreateHostedConfigurationVersion', application, profile),
  'appconfig:GetHostedConfigurationVersion': appconfig('appconfig:GetHostedConfigurationVersion', application, profile, (i) => `${profile(i)}/hostedconfigurationversion/${i.VersionNumber}`),
  'appconfig:ListDeployments': appconfig('appconfig:ListDeployments', application, environment),
  'appconfig:GetDeployment': appconfig('appconfig:GetDeployment', application, environment, (i) => `${environment(i)}/deployment/${i.DeploymentNumber}`),
  'appconfig:StopDeployment': appconfig('appconfig:StopDeployment', application, environment, (i) => `${environment(i)}/deployment/${i.DeploymentNumber}`),
  'appconfig:StartDeployment': appconfig('appconfig:StartDeployment', application, environment, profile, (i) => regional('appconfig', `deploymentstrategy/${i.DeploymentStrategyId}`)),

  // Item actions take the table ARN (SAR: resource type table; an index only for a Query with IndexName).
  'dynamodb:GetItem': (i) => [{ action: 'dynamodb:GetItem', resource: table(i.TableName) }],
  'dynamodb:PutItem': (i) => [{ action: 'dynamodb:PutItem', resource: table(i.TableName) }],
  'dynamodb:UpdateItem': (i) => [{ action: 'dynamodb:UpdateItem', resource: table(i.TableName) }],
  'dynamodb:DeleteItem': (i) => [{ action: 'dynamodb:DeleteItem', resource: table(i.TableName) }],
  'dynamodb:Query': (i) => [{ action: 'dynamodb:Query', resource: i.IndexName ? `${table(i.TableName)}/index/${i.IndexName}` : table(i.TableName) }],

  's3:GetObject': (i) => [{ action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${i.Bucket}/${i.Key}` }],
  's3:PutObject': (i) => [{ action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${i.Bucket}/${i.Key}` }],

  'sns:Publish': (i) => [{ action: 'sns:Publish', resource: i.TopicArn }],

  'states:StartExecution': (i) => [{ action: 'states:StartExecution', resource: i.stateMachineArn }],
  'states:ListExecutions': (i) => [{ action: 'states:ListExecutions', resource: i.stateMachineArn }],
  'states:DescribeExecution': (i) => [{ action: 'states:DescribeExecution', resource: i.executionArn }],
  'states:GetExecutionHistory': (i) => [{ action: 'states:GetExecutionHistory', resource: i.executionArn }],
  'states:StopExecution': (i) => [{ action: 'states:StopExecution', resource: i.executionArn }],

  'codebuild:BatchGetReports': (i) => (i.reportArns as string[]).map((arn) => ({ action: 'codebuild:BatchGetReports', resource: reportGroup(arn) })),

  // Converse is authorized as bedrock:InvokeModel (Bedrock API Reference, Converse: "This operation requires
  // permission for the bedrock:InvokeModel action"), on the foundation model, whose ARN has no account, or on a
  // cross-Region inference profile and the models it routes to (bedrockInvocation).
  'bedrock:Converse': (i) => bedrockInvocation(String(i.modelId)),
};

/**
 * The destination Regions of the cross-Region inference profiles the oracle calls, by geography, as AWS documents
 * them. US: the example of "IAM policy requirements for Geographic cross-Region inference" (a US profile called
 * from us-east-1 routes to us-east-1, us-east-2 and us-west-2,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html). Global: the
 * Region-less model ARN `arn:aws:bedrock:::foundation-model/<model>` ("IAM policy requirements for global
 * cross-Region inference", https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
 */
const PROFILE_DESTINATIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  global: [''],
};

/**
 * A call on an inference profile id (`<geography>.<model id>`) is authorized on the profile, in the Region called
 * and the account, and on its foundation model in the source Region and in each destination Region: "the
 * cross-Region inference profile for the specific geography", "the foundation model in the source Region", "the
 * foundation models in all destination Regions listed in the geographic profile" (the geographic page above;
 * "you must also specify the foundation model in each Region associated with it", inference-profiles-prereq.html).
 * Every one of them is a request, as Bedrock may route to any.
 */
function bedrockInvocation(modelId: string): IamRequest[] {
  const invoke = (resource: string) => ({ action: 'bedrock:InvokeModel', resource });
  const model = (region: string, id: string) => invoke(`arn:${PARTITION}:bedrock:${region}::foundation-model/${id}`);
  if (modelId.startsWith('arn:')) return [invoke(modelId)];
  const profile = /^(us|us-gov|eu|apac|jp|au|global)\.(.+)$/.exec(modelId);
  if (!profile) return [model(REGION, modelId)];
  const [geography, id] = [profile[1]!, profile[2]!];
  const destinations = PROFILE_DESTINATIONS[geography];
  if (!destinations) throw new Error(`no destination Regions known for ${geography}. inference profiles: add them to PROFILE_DESTINATIONS from the Bedrock user guide`);
  return [invoke(regional('bedrock', `inference-profile/${modelId}`)), ...[...new Set([REGION, ...destinations])].map((region) => model(region, id))];
}

/**
 * @example
 * iamRequestsOf({ service: 'lambda', operation: 'UpdateAlias', input: { FunctionName: 'assistant', Name: 'live' } });
 * // [{ action: 'lambda:UpdateAlias', resource: 'arn:aws:lambda:us-east-1:123456789012:function:assistant' }]
 */
export function iamRequestsOf(command: SentCommand): IamRequest[] {
  const rule = RULES[`${command.service}:${command.operation}`];
  if (!rule) throw new Error(`no authorization rule for ${command.service}:${command.operation}: add one to test/oracles/iam/authorization.ts from the Service Authorization Reference`);
  return rule(command.input);
}

/** Every `service:operation` this file has a rule for. */
export const AUTHORIZED_OPERATIONS: readonly string[] = Object.keys(RULES);
