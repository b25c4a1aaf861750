import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { promptBundleSha } from '../../../functions/sample-assistant/prompts';
import { DemoStack } from '../../../lib/demo/demo-stack';
import { idOf, skipBundling } from '../stack';

/** The demo app as bin/demo-app.ts builds it: the stack and the AwsSolutions checks. */
function demoApp(extend?: (stack: DemoStack) => void): { app: App; stack: DemoStack } {
  const app = new App({ context: skipBundling });
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
  it('passes the AwsSolutions checks with every finding acknowledged where it arises', () => {
    // Arrange
    const { app, stack } = demoApp();

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).not.toThrow();
    const acks = acknowledgments(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(typeof ack.reason === 'string' && ack.reason.length >= 30, `${ack.rule} at ${ack.path}`).toBe(true);
      // Never globally: not on the app, the stack or the whole release construct.
      expect([app.node.path, stack.node.path, stack.release.node.path]).not.toContain(ack.path);
    }
  });

  it('acknowledges only the findings the design accepts', () => {
    const { app } = demoApp();
    const rules = [...new Set(acknowledgments(app).map((ack) => ack.rule.replace(/^Annotation::/, '').replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-S1']);
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
    const { stack } = demoApp();
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
});
