import { App, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { bedrockModelResources, grantInvokeBedrockModel } from '../../../lib/private/bedrock-arns';
import { allowStatementsOf, buildRelease, idOf } from '../stack';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const ALLOWED = /^judgeModelId must be a Bedrock foundation model id \(anthropic\.claude-3-5-haiku-20241022-v1:0\) or a cross-Region inference profile id \(us\.anthropic\.claude-3-5-haiku-20241022-v1:0\)/;

/** A stack in a fixed environment, so the ARNs read as deployed; the partition stays a token. */
const fixedStack = () => new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });

/** An ARN as deployed in the `aws` partition. */
function deployed(stack: Stack, arn: unknown): string {
  const value = stack.resolve(arn) as string | { readonly 'Fn::Join': readonly [string, readonly unknown[]] };
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : (part as { Ref?: string }).Ref === 'AWS::Partition' ? 'aws' : JSON.stringify(part))).join('');
}

describe('bedrockModelResources', () => {
  it.each([
    ['a foundation model id: the model in the stack Region', HAIKU, [`arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`]],
    [
      'a geographic inference profile id: the profile in the stack Region and account, its model in any Region',
      `eu.${HAIKU}`,
      [`arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${HAIKU}`, `arn:aws:bedrock:*::foundation-model/${HAIKU}`],
    ],
    [
      'a global inference profile id: the same, * matching its Region-less model ARN',
      'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      [
        'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      ],
    ],
    [
      'a US GovCloud profile id (a hyphenated geography)',
      'us-gov.anthropic.claude-3-haiku-20240307-v1:0',
      [
        'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0',
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      ],
    ],
  ])('grants %s', (_, modelId, expected) => {
    // Prepare
    const stack = fixedStack();

    // Act
    const resources = bedrockModelResources(stack, modelId, 'judgeModelId');

    // Assess
    expect(resources.map((arn) => deployed(stack, arn))).toEqual(expected);
  });

  it('keeps the partition, Region and account of an environment-agnostic stack as tokens', () => {
    // Prepare
    const stack = new Stack(new App(), 'Agnostic');

    // Act
    const resources = bedrockModelResources(stack, `us.${HAIKU}`, 'judgeModelId').map((arn) => stack.resolve(arn));

    // Assess
    expect(resources).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:inference-profile/us.${HAIKU}`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:*::foundation-model/${HAIKU}`]] },
    ]);
  });

  it.each([
    ['an application inference profile ARN', 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6', /application inference profile's ARN names neither its model nor its Regions/],
    ['a foundation model ARN', `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`, new RegExp(`give its id, ${HAIKU.replace(/[.:]/g, '\\$&')}\\)$`)],
    ['a system inference profile ARN', `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${HAIKU}`, /give its id, eu\.anthropic/],
    ['a provisioned throughput ARN', 'arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc123', /provisioned throughput, custom, imported and marketplace models are not supported/],
    ['an id that is no Bedrock model id', 'gpt-4o-2024-11-20', /, got: gpt-4o-2024-11-20$/],
    ['a custom model id with a suffix', `${HAIKU}/abcdefghijkl`, /, got: anthropic.+\/abcdefghijkl$/],
  ])('fails when the model id is %s, naming the prop and what is allowed', (_, modelId, reason) => {
    // Act
    const grant = () => bedrockModelResources(fixedStack(), modelId, 'judgeModelId');

    // Assess
    expect(grant).toThrow(ALLOWED);
    expect(grant).toThrow(reason);
  });

  it('fails when the model id is a token, whose kind cannot be known at synth', () => {
    // Act
    const grant = () => bedrockModelResources(fixedStack(), Lazy.string({ produce: () => HAIKU }), 'judgeModelId');

    // Assess
    expect(grant).toThrow(/, given as text: whether it is a model or a profile decides its grant, got: a token$/);
  });
});

describe('grantInvokeBedrockModel', () => {
  it('allows bedrock:InvokeModel on the profile and its model, the * Region acknowledged where cdk-nag finds it', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

    // Act
    grantInvokeBedrockModel(role, `eu.${HAIKU}`, 'modelId');

    // Assess: the synth refuses any finding left unacknowledged.
    expect(() => app.synth()).not.toThrow();
    const statements = allowStatementsOf(Template.fromStack(stack).toJSON() as never, idOf(stack, role));
    expect(statements.map((s) => ({ ...s, resources: s.resources.map((arn) => deployed(stack, arn)) }))).toEqual([
      {
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${HAIKU}`, `arn:aws:bedrock:*::foundation-model/${HAIKU}`],
      },
    ]);
  });
});

describe("RunEvalShard's judge grant (EvalGatedRelease judgeModelId)", () => {
  const judgeStatements = (judgeModelId: string) => {
    const fixture = buildRelease({ judgeModelId });
    const role = idOf(fixture.stack, fixture.release.taskFunctions['run-eval-shard'].role as iam.Role);
    return allowStatementsOf(fixture.json, role).filter((s) => s.actions.some((a) => a.startsWith('bedrock:')));
  };

  it('grants an inference profile judge the profile and its model in every Region it routes to', () => {
    // Act
    const statements = judgeStatements(`us.${HAIKU}`);

    // Assess
    expect(statements).toEqual([
      {
        actions: ['bedrock:InvokeModel'],
        resources: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:inference-profile/us.${HAIKU}`]] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:*::foundation-model/${HAIKU}`]] },
        ],
      },
    ]);
  });

  it('grants no Bedrock call to the simulated judge, which runs in the function', () => {
    // Act
    const statements = judgeStatements('sim.judge-2024-11-20');

    // Assess
    expect(statements).toEqual([]);
  });

  it('fails when judgeModelId is an application inference profile ARN', () => {
    // Act
    const build = () => buildRelease({ judgeModelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/2024-11-20-a1b2c3' });

    // Assess
    expect(build).toThrow(ALLOWED);
  });
});
