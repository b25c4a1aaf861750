import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { promptBundleSha } from '../../../functions/sample-assistant/prompts';
import { DemoStack } from '../../../lib/demo/demo-stack';
import type { CfnTemplate } from '../../../lib/local-stage/asl';
import { allowStatementsOf, idOf, skipBundling } from '../stack';

/**
 * aws-cdk-lib's CloudFormation schema validation, findings as errors (cdk.json sets the flag for the demo app):
 * the templates are checked against CloudFormation's own resource schemas, an oracle evalgate did not write.
 */
const STRICT_CFN = { '@aws-cdk/core:validateAgainstDefaultRules': true };

/** The demo app as bin/demo-app.ts builds it: the stack, the AwsSolutions checks and the CloudFormation validation. */
function demoApp(extend?: (stack: DemoStack) => void): { app: App; stack: DemoStack } {
  const app = new App({ context: { ...skipBundling, ...STRICT_CFN } });
  const stack = new DemoStack(app, 'EvalgateDemo');
  extend?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

/** Every acknowledgment in the tree: where it was made, the rule, the reason. */
function acknowledgments(root: IConstruct): Array<{ path: string; rule: string; reason: unknown }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))),
  );
}

describe('DemoStack', () => {
  // Synthesized once (seconds): the tests that only read it share it.
  let demo: { app: App; stack: DemoStack };
  let synthError: unknown;
  beforeAll(() => {
    // The other CDK tests skip the validation (vitest.config.ts); this synth runs it.
    vi.stubEnv('CDK_VALIDATION', 'true');
    demo = demoApp();
    try {
      demo.app.synth();
    } catch (error) {
      synthError = error;
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("passes aws-cdk-lib's CloudFormation schema validation, which refuses a resource CloudFormation would", () => {
    expect(synthError).toBeUndefined();
    vi.stubEnv('CDK_VALIDATION', 'true');
    try {
      const app = new App({ context: STRICT_CFN });
      new CfnResource(new Stack(app, 'Invalid'), 'Queue', { type: 'AWS::SQS::Queue', properties: { NotAProperty: 1 } });
      expect(() => app.synth()).toThrow(/NotAProperty/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('passes the AwsSolutions checks with every finding acknowledged where it arises', () => {
    const { app, stack } = demo;
    expect(synthError).toBeUndefined();
    const acks = acknowledgments(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(typeof ack.reason === 'string' && ack.reason.length >= 30, `${ack.rule} at ${ack.path}`).toBe(true);
      // Never globally: not on the app, the stack or the whole release construct.
      expect([app.node.path, stack.node.path, stack.release.node.path]).not.toContain(ack.path);
    }
  });

  it('acknowledges only the findings the design accepts', () => {
    const { app } = demo;
    const rules = [...new Set(acknowledgments(app).map((ack) => ack.rule.replace(/^Annotation::/, '').replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-S1', 'AwsSolutions-SQS3']);
    const wildcards = acknowledgments(app).filter((ack) => ack.rule.includes('IAM5'));
    // A wildcard action is never acknowledged: every grant names its actions.
    expect(wildcards.filter((ack) => ack.rule.includes('[Action::'))).toEqual([]);
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // Arrange
    const { app } = demoApp((stack) => {
      new iam.Role(stack, 'Careless', { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(
        new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }),
      );
    });

    // Act
    const message = (() => {
      try {
        app.synth();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    // Assess: that finding, and only that one, is reported.
    expect(message).toContain("'AwsSolutions::AwsSolutions-IAM5[Action::s3:*]'");
    expect(message.match(/EvalgateDemo\/\S+/g)?.every((path) => path.startsWith('EvalgateDemo/Careless/'))).toBe(true);
  });

  it('stamps the assistant with its release metadata and releases it through the live alias', () => {
    const { stack } = demo;
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20',
          EVALGATE_PINS_VERSION: { Ref: Match.stringLikeRegexp('ModelPins') },
          EVALGATE_PROMPT_SHA: promptBundleSha(),
        }),
      },
    });
    expect(promptBundleSha()).toMatch(/^[0-9a-f]{64}$/);
    template.hasResourceProperties('AWS::AppConfig::HostedConfigurationVersion', { Content: '{"modelId":"sim.assistant-2024-11-20"}' });
    const create = JSON.stringify(Stack.of(stack).resolve(template.findResources('Custom::EvalgateLiveAlias')));
    expect(create).toContain(idOf(stack, stack.assistant));
  });

  it("grants the assistant's role bedrock:InvokeModel on its pinned Bedrock models only, none for simulated ones", () => {
    // Prepare: a cross-Region inference profile pinned, a foundation model as the fallback.
    const app = new App({ context: skipBundling });
    const bedrock = new DemoStack(app, 'EvalgateDemoBedrock', {
      modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      fallbackModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    const bedrockCalls = (stack: DemoStack) =>
      allowStatementsOf(Template.fromStack(stack).toJSON() as CfnTemplate, idOf(stack, stack.assistant.role as iam.Role)).filter((s) => s.actions.some((a) => a.startsWith('bedrock:')));

    // Act: the synth fails on a finding nobody acknowledged (the profile's model in any Region).
    app.synth();

    // Assess
    const partition = { Ref: 'AWS::Partition' };
    expect(bedrockCalls(bedrock)).toEqual([
      {
        actions: ['bedrock:InvokeModel'],
        resources: [
          { 'Fn::Join': ['', ['arn:', partition, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0']] },
          { 'Fn::Join': ['', ['arn:', partition, ':bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0']] },
        ],
      },
      {
        actions: ['bedrock:InvokeModel'],
        resources: [{ 'Fn::Join': ['', ['arn:', partition, ':bedrock:', { Ref: 'AWS::Region' }, '::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']] }],
      },
    ]);
    expect(bedrockCalls(demo.stack)).toEqual([]);
  });
});
