/**
 * Least privilege per task: each function gets the calls its use case makes (functions/release/*.ts through the
 * adapters in functions/adapters/aws/) on the resources of this release pipeline, and nothing else. Wildcards
 * that IAM cannot avoid are acknowledged here, next to the statement that needs them.
 */
import { ArnFormat, FeatureFlags, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { ModelPins } from '../model-pins';
import { grantInvokeBedrockModel } from './bedrock-arns';
import { acknowledgeWildcardAction, acknowledgeWildcardResource } from './nag';
import type { TaskName } from './release-state-machine';

export interface TaskPermissionsProps {
  readonly target: lambda.IFunction;
  /** The ARN of the alias releases move. */
  readonly aliasArn: string;
  readonly table: dynamodb.ITable;
  readonly reportsBucket: s3.IBucket;
  /** Further buckets CheckUnitTests reads JUnit reports from. */
  readonly testReportBuckets?: readonly s3.IBucket[];
  readonly topic: sns.ITopic;
  readonly modelPins?: ModelPins;
  /** The Bedrock model of llm-rubric assertions, if any. */
  readonly judgeModelId?: string;
}

/** The prefix of every per-release alarm (functions/release/alarm-specs.ts). */
export const RELEASE_ALARM_PREFIX = 'evalgate-';
/** The key prefix of every object a release writes to the reports bucket. */
export const RELEASE_OBJECTS_PREFIX = 'releases/';

const ALARMS_REASON = `per-release alarms are created at run time, named ${RELEASE_ALARM_PREFIX}<release id>-...; the prefix scopes them`;
const OBJECTS_REASON = `objects of each release are keyed ${RELEASE_OBJECTS_PREFIX}<release id>/..., only known at run time`;

/**
 * @example
 * grantTaskPermissions(taskFunctions, { target, aliasArn, table, reportsBucket, topic, modelPins });
 */
export function grantTaskPermissions(fns: Readonly<Record<TaskName, lambda.IFunction>>, props: TaskPermissionsProps): void {
  const stack = Stack.of(props.target);
  const fnArn = props.target.functionArn;
  const versionsArn = `${fnArn}:*`;
  const releaseAlarms = releaseAlarmsArn(stack);
  const alias = aliasResources(props);
  const allow = (task: TaskName, actions: string[], resources: string[]) =>
    fns[task].addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
  const role = (task: TaskName) => fns[task].role!;
  const versionsReason = 'the target function\'s published versions: the release reads and evaluates versions it learns at run time';

  // Prepare: read the live and candidate versions, publish a model-pin candidate, create the alarms, take the lock.
  allow('prepare', ['lambda:GetAlias'], alias);
  allow('prepare', ['lambda:GetFunctionConfiguration'], [fnArn, versionsArn]);
  // TagResource: the alarms are created with an evalgate:release tag (functions/release/alarm-specs.ts).
  allow('prepare', ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:DeleteAlarms'], [releaseAlarms]);
  acknowledgeWildcardResource(role('prepare'), versionsArn, versionsReason);
  acknowledgeWildcardResource(role('prepare'), releaseAlarms, ALARMS_REASON);
  // The lock: acquireLock (PutItem, then GetItem of the holder), attachRelease (UpdateItem), releaseLock (DeleteItem).
  allow('prepare', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [props.table.tableArn]);
  if (props.modelPins) {
    allow('prepare', ['lambda:PublishVersion'], [fnArn]);
    grantUpdateEnvironment(fns.prepare, fnArn);
    grantReadPins(fns.prepare, props.modelPins);
  }

  // CheckUnitTests: evidence in the table (recorded by PutItem, read by GetItem), JUnit reports in S3 or CodeBuild.
  allow('check-unit-tests', ['dynamodb:PutItem', 'dynamodb:GetItem'], [props.table.tableArn]);
  for (const bucket of [props.reportsBucket, ...(props.testReportBuckets ?? [])]) {
    const anyObject = bucket.arnForObjects('*');
    allow('check-unit-tests', ['s3:GetObject'], [anyObject]);
    // A bucket encrypted with a customer key: its objects are read through the key (an S3-managed key needs nothing).
    bucket.encryptionKey?.grantDecrypt(fns['check-unit-tests']);
    acknowledgeWildcardResource(role('check-unit-tests'), anyObject, 'reads the JUnit report the release input names (s3://<test report bucket>/<any key>), read only');
  }
  const reportGroups = stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: '*' });
  allow('check-unit-tests', ['codebuild:BatchGetReports'], [reportGroups]);
  acknowledgeWildcardResource(role('check-unit-tests'), reportGroups, 'the CodeBuild report the release input names is only known at run time, read only');

  // Results, reports and records of a release are all under releases/<release id>/ (functions/release/*.ts).
  const releaseObjects = props.reportsBucket.arnForObjects(`${RELEASE_OBJECTS_PREFIX}*`);

  // RunEvalShard: invoke the candidate and the live version, by number, write the shard's results. `:*` also
  // matches $LATEST and the aliases, which an eval never invokes: the live alias carries production traffic and
  // its metrics, and $LATEST is unreleased. An explicit deny takes them back out.
  allow('run-eval-shard', ['lambda:InvokeFunction'], [versionsArn]);
  fns['run-eval-shard'].addToRolePolicy(
    new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['lambda:InvokeFunction'], resources: [`${fnArn}:$LATEST`, props.aliasArn] }),
  );
  acknowledgeWildcardResource(role('run-eval-shard'), versionsArn, versionsReason);
  allow('run-eval-shard', ['s3:PutObject'], [releaseObjects]);
  acknowledgeWildcardResource(role('run-eval-shard'), releaseObjects, OBJECTS_REASON);
  // The Bedrock judge (a `sim.` id is the offline judge, functions/adapters/aws/world.ts): a model or an inference profile.
  if (props.judgeModelId && !props.judgeModelId.startsWith('sim.')) {
    grantInvokeBedrockModel(fns['run-eval-shard'], props.judgeModelId, 'judgeModelId');
  }

  // DecideGate: read every shard's results, write the gate report; check that the candidate emits live scores.
  allow('decide-gate', ['s3:GetObject', 's3:PutObject'], [releaseObjects]);
  acknowledgeWildcardResource(role('decide-gate'), releaseObjects, OBJECTS_REASON);
  allow('decide-gate', ['cloudwatch:GetMetricData'], ['*']);

  // ShiftTraffic, Promote, Rollback: move the alias and read it back.
  for (const task of ['shift-traffic', 'promote', 'rollback'] as const) allow(task, ['lambda:GetAlias', 'lambda:UpdateAlias'], alias);
  // ShiftTraffic and Promote then read the release lock (GetItem only): a stopped release's fenced lock undoes the move.
  for (const task of ['shift-traffic', 'promote'] as const) allow(task, ['dynamodb:GetItem'], [props.table.tableArn]);
  // Rollback reverts the model pins; Promote deploys those of a release AppConfig does not serve yet (started by hand).
  if (props.modelPins) for (const task of ['promote', 'rollback'] as const) grantDeployPins(fns[task], props.modelPins);

  // CheckHealth: the states of the per-release alarms and of the user's; the candidate's live requests (Invocations).
  allow('check-health', ['cloudwatch:DescribeAlarms'], ['*']);
  allow('check-health', ['cloudwatch:GetMetricData'], ['*']);

  // Finalize: delete the alarms, release the lock and write the record, notify.
  allow('finalize', ['cloudwatch:DeleteAlarms'], [releaseAlarms]);
  acknowledgeWildcardResource(role('finalize'), releaseAlarms, ALARMS_REASON);
  // releaseLock (DeleteItem), putRecord (PutItem).
  allow('finalize', ['dynamodb:DeleteItem', 'dynamodb:PutItem'], [props.table.tableArn]);
  allow('finalize', ['s3:PutObject'], [releaseObjects]);
  acknowledgeWildcardResource(role('finalize'), releaseObjects, OBJECTS_REASON);
  grantNotify(props.topic, fns.finalize);
  // And revert the model pins of a release that does not end promoted (a refused pin change too), as Rollback does,
  // giving $LATEST the stable environment back (FunctionRegistry.restoreLatest).
  if (props.modelPins) {
    grantDeployPins(fns.finalize, props.modelPins);
    grantRestoreLatest(fns.finalize, fnArn);
  }

  acknowledgeWildcardResource(role('decide-gate'), '*', 'cloudwatch:GetMetricData has no resource-level permissions (reads whether the candidate emits live eval scores)');
  acknowledgeWildcardResource(
    role('check-health'),
    '*',
    'cloudwatch:DescribeAlarms must be granted on * to return composite alarms, and the user\'s extra alarms may be composite; cloudwatch:GetMetricData has no resource-level permissions (counts the candidate\'s live requests); read only',
  );
}

/**
 * sns:Publish on the release topic. With aws-cdk-lib's recommended flag
 * `@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal` (cdk init sets it), a grant on a topic encrypted
 * with an imported alias (the default topic's `alias/aws/sns`) also adds kms:GenerateDataKey* and kms:Decrypt on
 * `key/*`, conditioned on that alias; the findings are acknowledged where they then arise.
 */
function grantNotify(topic: sns.ITopic, fn: lambda.IFunction): void {
  topic.grantPublish(fn);
  const role = fn.role!;
  if (!FeatureFlags.of(role).isEnabled(cxapi.KMS_APPLY_IMPORTED_ALIAS_PERMISSIONS_TO_PRINCIPAL)) return;
  const reason = 'sns:Publish to the release topic, encrypted with the AWS managed key alias/aws/sns: aws-cdk-lib grants the KMS calls on key/* with a kms:ResourceAliases condition naming that alias';
  acknowledgeWildcardAction(role, 'kms:GenerateDataKey*', reason);
  acknowledgeWildcardResource(role, Stack.of(role).formatArn({ service: 'kms', resource: 'key', resourceName: '*' }), reason);
}

/**
 * The reconciler (lib/private/stop-reconciler.ts) ends a stopped release as Rollback and Finalize would, with their grants:
 * move and read the alias, revert the pins, delete the release alarms, free the lock, write the record, notify.
 *
 * @example
 * grantReconcilerPermissions(reconciler, { target, aliasArn, table, reportsBucket, topic, modelPins });
 */
export function grantReconcilerPermissions(fn: lambda.IFunction, props: TaskPermissionsProps): void {
  const releaseAlarms = releaseAlarmsArn(Stack.of(props.target));
  const releaseObjects = props.reportsBucket.arnForObjects(`${RELEASE_OBJECTS_PREFIX}*`);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:GetAlias', 'lambda:UpdateAlias'], resources: aliasResources(props) }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DeleteAlarms'], resources: [releaseAlarms] }));
  acknowledgeWildcardResource(fn.role!, releaseAlarms, ALARMS_REASON);
  // getLock (GetItem), findRecord (Query), fenceLock (UpdateItem), releaseLock (DeleteItem), putRecord (PutItem).
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], resources: [props.table.tableArn] }),
  );
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [releaseObjects] }));
  acknowledgeWildcardResource(fn.role!, releaseObjects, OBJECTS_REASON);
  grantNotify(props.topic, fn);
  if (props.modelPins) {
    grantDeployPins(fn, props.modelPins);
    grantRestoreLatest(fn, props.target.functionArn);
  }
}

/**
 * UpdateFunctionConfiguration of $LATEST's environment (a model-pin candidate, and its restore). Its condition keys
 * (lambda:Layer, lambda:VpcIds, lambda:SubnetIds, lambda:SecurityGroupIds; Service Authorization Reference) could
 * only forbid layer and VPC changes, and AWS does not document whether they carry the request's values or the
 * function's, so a Null condition might refuse every pin release of a VPC function: none is set. What bounds the
 * grant: the adapter sends Environment alone, to this function only; the role has no iam:PassRole, so it cannot
 * give the function another role; and a candidate whose configuration differs from the stable version's is refused.
 */
function grantUpdateEnvironment(fn: lambda.IFunction, fnArn: string): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:UpdateFunctionConfiguration'], resources: [fnArn] }));
}

/** restoreLatest reads the stable and candidate versions and $LATEST, and sets $LATEST's environment. */
function grantRestoreLatest(fn: lambda.IFunction, fnArn: string): void {
  const versionsArn = `${fnArn}:*`;
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:GetFunctionConfiguration'], resources: [fnArn, versionsArn] }));
  acknowledgeWildcardResource(fn.role!, versionsArn, "the target function's published versions: the release's stable and candidate versions are known at run time, read only");
  grantUpdateEnvironment(fn, fnArn);
}

/**
 * The resources of the alias calls (GetAlias, UpdateAlias). Lambda authorizes them against the function, by its
 * unqualified ARN ("Lambda API permissions reference": the alias actions take the function resource, as
 * CreateAlias and PublishVersion do), so a grant on the alias ARN alone is refused on the first release; the alias
 * ARN is kept for the form some documents and simulators use. IAM cannot scope an alias action to one alias name:
 * the grant covers the target function's aliases, and no other function's.
 */
export function aliasResources(props: Pick<TaskPermissionsProps, 'target' | 'aliasArn'>): string[] {
  return [props.target.functionArn, props.aliasArn];
}

/** Every per-release alarm (functions/release/alarm-specs.ts), by the prefix of their names. */
function releaseAlarmsArn(stack: Stack): string {
  return stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${RELEASE_ALARM_PREFIX}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The ARNs of the model pins' resources. Every AppConfig action lists the application (and the environment or the
 * profile) among its required resource types, and "if you limit resource access with the Resource element in an
 * IAM policy, you must include an ARN or pattern for each required resource type" (Service Authorization
 * Reference, AWS AppConfig): a grant on the environment alone is refused.
 */
function pinsArns(pins: ModelPins) {
  const stack = Stack.of(pins);
  const app = (resource: string) => stack.formatArn({ service: 'appconfig', resource: 'application', resourceName: `${pins.applicationId}/${resource}` });
  return {
    application: pins.application.applicationArn,
    environment: app(`environment/${pins.environmentId}`),
    profile: app(`configurationprofile/${pins.configurationProfileId}`),
    hostedVersions: app(`configurationprofile/${pins.configurationProfileId}/hostedconfigurationversion/*`),
    deployments: app(`environment/${pins.environmentId}/deployment/*`),
    strategy: stack.formatArn({ service: 'appconfig', resource: 'deploymentstrategy', resourceName: pins.deploymentStrategyId }),
  };
}

/** GetHostedConfigurationVersion (AppConfigPinStore.getVersion: the proposed pins). */
function grantReadPins(fn: lambda.IFunction, pins: ModelPins): void {
  const arns = pinsArns(pins);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['appconfig:GetHostedConfigurationVersion'], resources: [arns.application, arns.profile, arns.hostedVersions] }));
  acknowledgeWildcardResource(fn.role!, arns.hostedVersions, 'hosted versions of the model-pins profile only; the version comes from the release input');
}

/**
 * Deploying the pins: ListDeployments then StartDeployment (AppConfigPinStore.deployedVersion / deploy), and
 * StopDeployment of the release's own deployment still baking (functions/release/pins-revert.ts), on the
 * environment's deployments.
 */
function grantDeployPins(fn: lambda.IFunction, pins: ModelPins): void {
  const arns = pinsArns(pins);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['appconfig:ListDeployments'], resources: [arns.application, arns.environment] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['appconfig:StopDeployment'], resources: [arns.application, arns.environment, arns.deployments] }));
  acknowledgeWildcardResource(fn.role!, arns.deployments, "the model pins environment's deployments: the one to stop is known at run time");
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['appconfig:StartDeployment'], resources: [arns.application, arns.environment, arns.profile, arns.strategy] }),
  );
}

/**
 * What `evalgate pins propose` needs: host a pins version (AppConfig's validator checks it), read the live one and
 * deploy the new one (the deployment starts the release).
 */
export function grantProposePins(grantee: iam.IGrantable, pins: ModelPins): void {
  const arns = pinsArns(pins);
  iam.Grant.addToPrincipal({ grantee, actions: ['appconfig:CreateHostedConfigurationVersion'], resourceArns: [arns.application, arns.profile] });
  iam.Grant.addToPrincipal({ grantee, actions: ['appconfig:GetHostedConfigurationVersion'], resourceArns: [arns.application, arns.profile, arns.hostedVersions] });
  iam.Grant.addToPrincipal({ grantee, actions: ['appconfig:ListDeployments'], resourceArns: [arns.application, arns.environment] });
  iam.Grant.addToPrincipal({ grantee, actions: ['appconfig:StartDeployment'], resourceArns: [arns.application, arns.environment, arns.profile, arns.strategy] });
}
