/**
 * The alias evalgate releases through. It is created once, pointing at the version deployed with the stack, and
 * from then on only a release moves it: a CloudFormation AWS::Lambda::Alias would be moved back to the version in
 * the template by the next `cdk deploy`, undoing a promotion or a rollback (ARCHITECTURE.md, contracts).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

export interface LiveAliasProps {
  /** The function the alias belongs to. */
  readonly target: lambda.IFunction;
  /** The alias name. */
  readonly aliasName: string;
  /** The version the alias points at when it is created; later deployments never change it. */
  readonly initialVersion: lambda.IVersion;
}

/**
 * @example
 * const alias = new LiveAlias(this, 'LiveAlias', { target: fn, aliasName: 'live', initialVersion: fn.currentVersion });
 * alias.aliasArn; // arn:aws:lambda:...:function:<name>:live
 */
export class LiveAlias extends Construct {
  /** `<function ARN>:<alias name>`. */
  public readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: LiveAliasProps) {
    super(scope, id);
    const { target, aliasName } = props;
    this.aliasArn = `${target.functionArn}:${aliasName}`;
    const alias = { FunctionName: target.functionName, Name: aliasName };
    new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::EvalgateLiveAlias',
      onCreate: {
        service: 'Lambda',
        action: 'CreateAlias',
        parameters: { ...alias, FunctionVersion: props.initialVersion.version, Description: 'Owned by evalgate: only releases move it' },
        physicalResourceId: cr.PhysicalResourceId.fromResponse('AliasArn'),
      },
      // No onUpdate on purpose: a new initial version (every code change) must not move the live alias.
      onDelete: { service: 'Lambda', action: 'DeleteAlias', parameters: alias, ignoreErrorCodesMatching: 'ResourceNotFoundException' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        // Lambda authorizes alias calls on the function or on the alias ARN depending on the action: both, no more.
        new iam.PolicyStatement({ actions: ['lambda:CreateAlias', 'lambda:DeleteAlias'], resources: [target.functionArn, this.aliasArn] }),
      ]),
      // The SDK of the Node.js runtime has CreateAlias; installing the latest would need network at deploy time.
      installLatestAwsSdk: false,
    });
    this.acknowledgeProvider();
  }

  /** The provider is a stack-wide singleton Lambda of aws-cdk-lib; its findings are acknowledged on it. */
  private acknowledgeProvider(): void {
    const provider = Stack.of(this).node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (!provider) return;
    acknowledge(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'aws-cdk-lib AwsCustomResource provider: its role is created by aws-cdk-lib with the basic execution policy (log writes only); the SDK calls it may make are in a separate, scoped policy',
    );
    // Its runtime is aws-cdk-lib's choice, and a newer aws-cdk-lib knows a newer runtime than the one it deploys.
    acknowledge(provider, 'AwsSolutions-L1', 'aws-cdk-lib AwsCustomResource provider: its runtime is set by the aws-cdk-lib version of the app, not by evalgate');
  }
}
