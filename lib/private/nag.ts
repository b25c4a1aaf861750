/**
 * cdk-nag acknowledgments, recorded where a finding arises (Validations.of(construct).acknowledge). IAM5 finding
 * ids embed the flattened resource (`<Fn.Arn>:*`); computing them from the same tokens the policy uses keeps the
 * acknowledgment exact: a wildcard added elsewhere is still reported.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * @example
 * acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'why');
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for a wildcard resource of a policy under `scope` (a role or its policy).
 *
 * @example
 * acknowledgeWildcardResource(role, `${fn.functionArn}:*`, 'invokes any published version of the target');
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(scope).resolve(resource))}]`, reason);
}

/** Acknowledges AwsSolutions-IAM5 for a wildcard action (`s3:GetObject*`). */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Action::${action}]`, reason);
}

/** How cdk-nag prints a resolved CloudFormation reference: `<LogicalId.Attr>`, `<AWS::Region>`, joins concatenated. */
function flattenReference(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (value['Fn::Sub']) return flattenReference(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (value.Ref) return `<${flattenReference(value.Ref)}>`;
  return JSON.stringify(node);
}
