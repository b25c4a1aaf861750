/**
 * The synthesized release pipeline as IAM sees it: every role with its identity policies and the environment of
 * every release function, resolved to concrete names and ARNs (intrinsics.ts). One synth of buildRelease, with
 * what the other grants need next to it: an operator role given grantOperate, a Bedrock judge and a team alarm.
 */
import { Aspects } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EvalGatedRelease } from '../../../lib/eval-gated-release';
import type { CfnTemplate } from '../../../lib/local-stage/asl';
import { buildRelease, idOf } from '../../lib/stack';
import { concreteResolver, type Resolved } from './intrinsics';

/** A Bedrock model, so RunEvalShard's judge is the Bedrock adapter and its grant is in the template. */
export const JUDGE_MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';

export interface IdentityPolicy {
  readonly name: string;
  readonly policy: { readonly Version: string; readonly Statement: readonly Record<string, unknown>[] };
}

export interface RoleInfo {
  readonly logicalId: string;
  readonly arn: string;
  /** Its own policies and the AWS managed ones attached to it. */
  readonly policies: readonly IdentityPolicy[];
}

/**
 * The AWS managed policies the template attaches (the target's and the custom resource provider's roles, through
 * aws-cdk-lib), as AWS publishes them; any other is an error, so no role is judged without all its policies.
 */
const AWS_MANAGED_POLICIES: Readonly<Record<string, IdentityPolicy['policy']>> = {
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};

export interface ReleaseFunction {
  readonly logicalId: string;
  readonly role: RoleInfo;
  readonly environment: Readonly<Record<string, string>>;
}

export interface SynthesizedRelease {
  /** By task: `prepare`, ..., `reconcile`, `pins-trigger` (from each function's description). */
  readonly functions: Readonly<Record<string, ReleaseFunction>>;
  readonly operator: RoleInfo;
  /** Every role of the template, by logical id. */
  readonly roles: Readonly<Record<string, RoleInfo>>;
  /** The EvalgateRelease stack output the operator CLI reads (bin/cli/operator/deployment.ts). */
  readonly deploymentOutput: string;
  /** The function under release (its physical name) and its ARN. */
  readonly target: { readonly name: string; readonly arn: string };
  readonly reportsBucket: string;
}

const TASK_DESCRIPTION = /^evalgate release task: (.+)$/;

/**
 * `judgeModelId`: RunEvalShard's Bedrock judge, a model or a cross-Region inference profile.
 *
 * @example
 * const release = synthesizeRelease();
 * release.functions.prepare.role.policies; // [{ name: 'ReleaseTasksPrepareRoleDefaultPolicy...', policy: { Statement: [...] } }]
 */
export function synthesizeRelease(judgeModelId: string = JUDGE_MODEL_ID): SynthesizedRelease {
  let operatorRole: iam.Role | undefined;
  const { json, stack, target } = buildRelease((scope) => {
    operatorRole = new iam.Role(scope, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    // grantOperate needs the release, which buildRelease creates and synthesizes in one go: an aspect runs between.
    Aspects.of(scope).add({ visit: (node) => node instanceof EvalGatedRelease && node.grantOperate(operatorRole!) });
    const teamAlarm = new cloudwatch.Alarm(scope, 'TeamAlarm', {
      metric: new cloudwatch.Metric({ namespace: 'Team', metricName: 'Errors' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    return { judgeModelId, alarms: [teamAlarm] };
  });
  const template = json as CfnTemplate & { readonly Outputs?: Readonly<Record<string, { readonly Value: unknown }>> };
  const resolve = concreteResolver(template);
  const text = (value: unknown): string => asText(resolve(value));
  const resources = Object.entries(template.Resources);

  const roles = Object.fromEntries(
    resources.filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id, r]) => [id, roleInfo(id, r.Properties ?? {}, template, resolve)]),
  );
  const functions: Record<string, ReleaseFunction> = {};
  for (const [id, r] of resources) {
    const properties = r.Properties ?? {};
    const task = r.Type === 'AWS::Lambda::Function' ? TASK_DESCRIPTION.exec(String(properties.Description ?? ''))?.[1] : undefined;
    if (task === undefined) continue;
    const roleId = (properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    functions[task] = { logicalId: id, role: roles[roleId]!, environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, text(v)])) };
  }
  const outputs = Object.values(template.Outputs ?? {}).map((output) => text(output.Value));
  const deploymentOutput = outputs.find((value) => value.startsWith('{') && value.includes('"evalgate"'));
  if (!deploymentOutput) throw new Error('the template has no EvalgateRelease output');
  const buckets = resources.filter(([, r]) => r.Type === 'AWS::S3::Bucket').map(([id]) => text({ Ref: id }));
  if (buckets.length !== 1) throw new Error(`expected one bucket (the reports bucket), found ${buckets.length}`);
  const targetId = idOf(stack, target);
  const operatorId = idOf(stack, operatorRole!);
  return {
    functions,
    operator: roles[operatorId]!,
    roles,
    deploymentOutput,
    target: { name: text({ Ref: targetId }), arn: text({ 'Fn::GetAtt': [targetId, 'Arn'] }) },
    reportsBucket: buckets[0]!,
  };
}

function roleInfo(logicalId: string, properties: Readonly<Record<string, unknown>>, template: CfnTemplate, resolve: (value: unknown) => Resolved): RoleInfo {
  const attachedTo = (roles: unknown) => Array.isArray(roles) && roles.some((role) => (role as { Ref?: string }).Ref === logicalId);
  const policies: IdentityPolicy[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    if ((r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attachedTo(p.Roles)) {
      policies.push({ name: id, policy: resolvePolicy(p.PolicyDocument, resolve) });
    }
  }
  for (const inline of (properties.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: unknown }>) {
    policies.push({ name: `${logicalId}/${inline.PolicyName}`, policy: resolvePolicy(inline.PolicyDocument, resolve) });
  }
  for (const managed of ((properties.ManagedPolicyArns ?? []) as unknown[]).map((value) => asText(resolve(value)))) {
    const policy = AWS_MANAGED_POLICIES[managed];
    if (!policy) throw new Error(`${logicalId} has the managed policy ${managed}, whose statements this oracle does not know`);
    policies.push({ name: managed, policy });
  }
  return { logicalId, arn: asText(resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] })), policies };
}

/** Every intrinsic in the document resolved: Resource and NotResource, and Condition values too. */
function resolvePolicy(document: unknown, resolve: (value: unknown) => Resolved): IdentityPolicy['policy'] {
  const deep = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value !== 'object' || value === null) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return resolve(value);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deep(item)]));
  };
  return deep(document) as IdentityPolicy['policy'];
}

function asText(value: Resolved): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got the list ${JSON.stringify(value)}`);
  return value;
}
