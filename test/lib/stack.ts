/**
 * Builds EvalGatedRelease in a bare stack for template tests. Bundling is skipped (TOOLCHAIN.md): the tests read
 * the template, and esbuild would add seconds per function.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EvalGatedRelease, type EvalGatedReleaseProps } from '../../lib/eval-gated-release';
import { placeholderResolver, resolveDefinition, type Asl, type CfnTemplate } from '../../lib/local-stage/asl';

export const skipBundling = { 'aws:cdk:bundling-stacks': [] };

/** What a team gives at least: its suites, its policy and its initial pins (this repository's sample files). */
export const RELEASE_DEFAULTS = {
  suitesDir: 'evals/suites',
  policyFile: 'evals/policy.yaml',
  modelPins: { initialPins: { modelId: 'sim.assistant-2024-11-20' } },
} as const;

export interface ReleaseFixture {
  readonly stack: Stack;
  readonly target: lambda.Function;
  readonly release: EvalGatedRelease;
  readonly template: Template;
  readonly json: CfnTemplate;
}

/** A target function and its release pipeline; `props` (or props made in the stack) override the defaults. */
export function buildRelease(props: Partial<EvalGatedReleaseProps> | ((stack: Stack) => Partial<EvalGatedReleaseProps>) = {}): ReleaseFixture {
  const stack = new Stack(new App({ context: skipBundling }), 'Test');
  const target = new lambda.Function(stack, 'Target', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ output: "ok" });'),
  });
  const release = new EvalGatedRelease(stack, 'Release', { ...RELEASE_DEFAULTS, target, ...(typeof props === 'function' ? props(stack) : props) });
  const template = Template.fromStack(stack);
  return { stack, target, release, template, json: template.toJSON() as CfnTemplate };
}

/** The logical id of the only resource of `type`. */
export function logicalIdOf(json: CfnTemplate, type: string): string {
  const ids = Object.keys(json.Resources).filter((id) => json.Resources[id]!.Type === type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

/** The state machine's ASL, with every task function resolved to `arn:...:function:<logical id>`. */
export function aslOf(json: CfnTemplate): Asl {
  return resolveDefinition(json, logicalIdOf(json, 'AWS::StepFunctions::StateMachine'), placeholderResolver(json));
}

/** The logical id of a construct's default CloudFormation resource. */
export function idOf(stack: Stack, construct: { node: { defaultChild?: unknown } } | lambda.IFunction): string {
  const child = (construct as { node: { defaultChild?: unknown } }).node.defaultChild;
  return stack.resolve((child as { logicalId: string }).logicalId) as string;
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Every Allow statement of the role's policies, actions and resources as arrays. */
export function allowStatementsOf(json: CfnTemplate, roleId: string): Array<{ actions: string[]; resources: unknown[] }> {
  return Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify((r.Properties as { Roles?: unknown }).Roles).includes(`"${roleId}"`))
    .flatMap((r) => (r.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement)
    .filter((s) => s.Effect === 'Allow')
    .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() }));
}
