import * as cdk from 'aws-cdk-lib/core';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledgeFinding, EvalGatedRelease } from 'evalgate';

export class FaqStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const fn = new nodejs.NodejsFunction(this, 'Handler', {
      entry: 'src/handler.ts',
      runtime: lambda.Runtime.NODEJS_22_X,
      memorySize: 256,
      timeout: cdk.Duration.seconds(10),
    });
    acknowledgeFinding(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'logging to CloudWatch is all the FAQ handler needs');
    cdk.Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: 'Node.js 22 is the runtime the team tests on' });

    new EvalGatedRelease(this, 'Release', {
      target: fn,
      suitesDir: 'evals/suites', policyFile: 'evals/policy.yaml',
      modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18' } },
    });
  }
}
