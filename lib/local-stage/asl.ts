/**
 * Turns a synthesized state machine back into plain ASL JSON: the DefinitionString of an
 * AWS::StepFunctions::StateMachine is CloudFormation (Fn::Join of strings and Ref / Fn::GetAtt of the task
 * functions), which template tests and the local stage need as the JSON Step Functions would see.
 */

/** The parts of a CloudFormation template this module reads. */
export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }>>;
}

/** Resolves `Ref` (attribute undefined) and `Fn::GetAtt` to a string: a resource's logical id, or a pseudo parameter. */
export type RefResolver = (logicalId: string, attribute?: string) => string;

/** Plain ASL: `{ StartAt, States, ... }`. */
export type Asl = { readonly StartAt: string; readonly States: Readonly<Record<string, Readonly<Record<string, unknown>>>> } & Readonly<Record<string, unknown>>;

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Placeholder ARNs: a Lambda function resolves to `arn:aws:lambda:us-east-1:123456789012:function:<logicalId>`, so
 * a task's `Resource` names the logical id of its function; pseudo parameters resolve to the same fake account.
 */
export function placeholderResolver(template: CfnTemplate): RefResolver {
  return (logicalId, attribute) => {
    const pseudo = PSEUDO[logicalId];
    if (pseudo !== undefined) return pseudo;
    const type = template.Resources[logicalId]?.Type;
    if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;
    return attribute === undefined ? logicalId : `${logicalId}.${attribute}`;
  };
}

/**
 * @example
 * const template = Template.fromStack(stack).toJSON() as CfnTemplate;
 * const asl = resolveDefinition(template, 'ReleaseStateMachine1234', placeholderResolver(template));
 * asl.States.Prepare.Resource; // 'arn:aws:lambda:us-east-1:123456789012:function:ReleasePrepare5678'
 */
export function resolveDefinition(template: CfnTemplate, stateMachineLogicalId: string, resolveRef: RefResolver): Asl {
  const resource = template.Resources[stateMachineLogicalId];
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    throw new Error(`${stateMachineLogicalId} is not an AWS::StepFunctions::StateMachine in the template`);
  }
  let text = resolveIntrinsic(resource.Properties?.DefinitionString, resolveRef);
  const substitutions = (resource.Properties?.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(substitutions)) text = text.split(`\${${key}}`).join(resolveIntrinsic(value, resolveRef));
  return JSON.parse(text) as Asl;
}

/** The string value of Fn::Join / Ref / Fn::GetAtt / Fn::Sub (nested), or an error naming what is not supported. */
export function resolveIntrinsic(value: unknown, resolveRef: RefResolver): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) throw new Error(`cannot resolve ${JSON.stringify(value)} to a string`);
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return resolveRef(String(node.Ref));
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    return resolveRef(logicalId, attribute);
  }
  if ('Fn::Join' in node) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveIntrinsic(part, resolveRef)).join(delimiter);
  }
  if ('Fn::Sub' in node) {
    const sub = node['Fn::Sub'];
    const [text, variables] = (Array.isArray(sub) ? sub : [sub, {}]) as [string, Record<string, unknown>];
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_, literal: string, name: string) => {
      if (literal) return `\${${name}}`; // ${!Name} is the escape for a literal ${Name}
      if (name in variables) return resolveIntrinsic(variables[name], resolveRef);
      const [logicalId, ...attribute] = name.split('.');
      return resolveRef(logicalId!, attribute.length > 0 ? attribute.join('.') : undefined);
    });
  }
  throw new Error(`cannot resolve ${Object.keys(node).join(', ')}: only Fn::Join, Ref, Fn::GetAtt and Fn::Sub are supported`);
}
