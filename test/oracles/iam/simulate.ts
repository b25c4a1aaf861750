/**
 * The IAM policy simulator (@cloud-copilot/iam-simulate) on one role's identity policies: the decision and, for a
 * person reading a failure, the statement that decided it or the statements that came close.
 */
import { runSimulation, runUnsafeSimulation, type EvaluationResult, type Simulation } from '@cloud-copilot/iam-simulate';
import type { IamRequest } from './authorization';
import { ACCOUNT } from './intrinsics';
import type { RoleInfo } from './stack';

export interface Verdict {
  readonly decision: EvaluationResult | 'Error';
  /** The decisive statement(s) when allowed or denied explicitly; else those granting the action elsewhere. */
  readonly why: string;
}

/**
 * iam-data gives the hosted configuration version the profile's ARN format (iam-data.ts, ARN_FORMATS), so the
 * simulator cannot tell those two resource types apart for this action and refuses to run; iam-data.ts has checked
 * the ARN against the SAR's format, and the unvalidated engine evaluates the same statements.
 */
const UNRESOLVABLE_RESOURCE_TYPES = new Set(['appconfig:GetHostedConfigurationVersion']);

/**
 * ARNs AWS authorizes that iam-data has no format for, so the simulator finds no resource type: the Region-less
 * foundation model a global inference profile routes to (`arn:aws:bedrock:::foundation-model/<model>`, "IAM policy
 * requirements for global cross-Region inference", Bedrock user guide). The unvalidated engine evaluates them.
 */
const UNFORMATTED_ARNS = [/^arn:[^:]+:bedrock:::foundation-model\//];

type Statement = Readonly<Record<string, unknown>>;

const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
const describe = (policy: string, s: Statement) => `${policy}: ${s.Effect} ${list(s.Action ?? s.NotAction).join(',')} on ${list(s.Resource ?? s.NotResource).join(', ')}`;

/**
 * Whether an Action pattern of a policy covers `action` (IAM's `*` and `?`, case-insensitive).
 *
 * @example
 * actionMatches('kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext'); // true
 */
export function actionMatches(pattern: string, action: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);
}

const namesAction = (statement: Statement, action: string) => list(statement.Action).some((pattern) => actionMatches(pattern, action));

function statementsFor(role: RoleInfo, action: string, effect: 'Allow' | 'Deny'): string[] {
  return role.policies.flatMap(({ name, policy }) => policy.Statement.filter((s) => s.Effect === effect && namesAction(s, action)).map((s) => describe(name, s)));
}

/**
 * A request on `*` (an action granted on every resource) is allowed only by a statement whose resource is `*`: the
 * simulator's wildcard mode would also count a statement on some ARN pattern.
 *
 * @example
 * await simulate(role, { action: 'lambda:UpdateAlias', resource: 'arn:aws:lambda:us-east-1:123456789012:function:assistant' });
 * // { decision: 'Allowed', why: 'ReleaseTasksShiftTrafficRoleDefaultPolicy...: Allow lambda:GetAlias,lambda:UpdateAlias on ...' }
 */
export async function simulate(role: RoleInfo, request: IamRequest): Promise<Verdict> {
  const simulation: Simulation = {
    request: { principal: role.arn, action: request.action, resource: { resource: request.resource, accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: role.policies.map(({ name, policy }) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  const granting = () => statementsFor(role, request.action, 'Allow');
  const closest = () => {
    const statements = granting();
    return statements.length > 0 ? `statements for ${request.action}: ${statements.join('; ')}` : `no statement names ${request.action}`;
  };
  if ((UNRESOLVABLE_RESOURCE_TYPES.has(request.action) && request.resource !== '*') || UNFORMATTED_ARNS.some((arn) => arn.test(request.resource))) {
    const decision = runUnsafeSimulation(simulation, {});
    return { decision, why: decision === 'Allowed' ? granting().join('; ') : closest() };
  }
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return { decision: 'Error', why: `the simulator refused the request: ${JSON.stringify(response.errors)}` };
  if (response.resultType === 'wildcard') {
    if (request.resource !== '*') return { decision: 'Error', why: `a wildcard in ${request.resource}: requests name one resource` };
    const onAll = response.results.find((result) => result.resourcePattern === '*' && result.analysis.result === 'Allowed');
    const denied = response.results.find((result) => result.analysis.result === 'ExplicitlyDenied');
    if (denied) return { decision: 'ExplicitlyDenied', why: decisive(denied.analysis.identityAnalysis?.denyStatements) };
    return onAll
      ? { decision: 'Allowed', why: decisive(onAll.analysis.identityAnalysis?.allowStatements) }
      : { decision: 'ImplicitlyDenied', why: `not granted on *; ${closest()}` };
  }
  const analysis = response.result.analysis.identityAnalysis;
  if (response.overallResult === 'Allowed') return { decision: 'Allowed', why: decisive(analysis?.allowStatements) };
  if (response.overallResult === 'ExplicitlyDenied') return { decision: 'ExplicitlyDenied', why: decisive(analysis?.denyStatements) };
  return { decision: 'ImplicitlyDenied', why: closest() };
}

/** The simulator's statements are parsed (iam-policy's Statement); `toJSON()` is the statement as written. */
function decisive(statements: ReadonlyArray<{ readonly policyId: string; readonly statement: { toJSON(): unknown } }> | undefined): string {
  return (statements ?? []).map((s) => describe(s.policyId, s.statement.toJSON() as Statement)).join('; ') || 'no statement';
}
