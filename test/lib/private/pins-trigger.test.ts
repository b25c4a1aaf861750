import type * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsWorld } from '../../../functions/adapters/aws/world';
import { PINS_TRIGGER_ENV, readEnv } from '../../../functions/shared/env';
import { buildRelease, idOf, type ReleaseFixture } from '../stack';

type Resource = { Type: string; Properties: any };

/** The resources of `type` in the template. */
const resourcesOf = (fixture: ReleaseFixture, type: string): Array<[string, Resource]> =>
  Object.entries(fixture.json.Resources).filter(([, r]) => r.Type === type) as Array<[string, Resource]>;

/** The Allow statements of every policy attached to the role. */
function statementsOf(fixture: ReleaseFixture, roleId: string): Array<{ Action: string | string[]; Resource: unknown }> {
  return resourcesOf(fixture, 'AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
}

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('PinsTrigger (the AppConfig trigger of EvalGatedRelease)', () => {
  let fixture: ReleaseFixture;
  let functionId: string;
  let environmentArn: unknown;
  let applicationArn: unknown;

  beforeAll(() => {
    fixture = buildRelease();
    functionId = idOf(fixture.stack, fixture.release.pinsTrigger!.function);
    environmentArn = fixture.stack.resolve(fixture.release.modelPins!.environment.environmentArn);
    applicationArn = fixture.stack.resolve(fixture.release.modelPins!.application.applicationArn);
  });

  it('creates an extension whose one action invokes the trigger at ON_DEPLOYMENT_START, with a role AppConfig assumes', () => {
    // Act
    const [[, extension]] = resourcesOf(fixture, 'AWS::AppConfig::Extension') as [[string, Resource]];

    // Assess
    const actions = extension.Properties.Actions as Record<string, Array<{ Uri: unknown; RoleArn: unknown }>>;
    expect(Object.keys(actions)).toEqual(['ON_DEPLOYMENT_START']);
    expect(actions.ON_DEPLOYMENT_START).toEqual([expect.objectContaining({ Name: 'StartPinsRelease', Uri: arnOf(functionId) })]);
    const roleId = (actions.ON_DEPLOYMENT_START![0]!.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = fixture.json.Resources[roleId]!.Properties as any;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'appconfig.amazonaws.com' } }]);
    // Invoke this function only (InvokeAsync: ON_* action points invoke asynchronously), and nothing else.
    expect(role.Policies.flatMap((p: any) => p.PolicyDocument.Statement)).toEqual([
      { Action: ['lambda:InvokeFunction', 'lambda:InvokeAsync'], Effect: 'Allow', Resource: arnOf(functionId) },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('associates the extension with the pins environment only', () => {
    // Act
    const associations = resourcesOf(fixture, 'AWS::AppConfig::ExtensionAssociation').map(([, r]) => r.Properties);

    // Assess
    const extensionId = resourcesOf(fixture, 'AWS::AppConfig::Extension')[0]![0];
    expect(associations).toEqual([
      { ExtensionIdentifier: { 'Fn::GetAtt': [extensionId, 'Id'] }, ExtensionVersionNumber: { 'Fn::GetAtt': [extensionId, 'VersionNumber'] }, ResourceIdentifier: environmentArn },
    ]);
  });

  it('lets the trigger start releases, read the environment\'s deployments and send its failures to its queue, nothing more', () => {
    // Act
    const roleId = idOf(fixture.stack, fixture.release.pinsTrigger!.function.role as iam.Role);
    const statements = statementsOf(fixture, roleId).filter((s) => ![s.Action].flat().every((a) => a.startsWith('logs:') || a.startsWith('xray:')));

    // Assess
    const queue = arnOf(idOf(fixture.stack, fixture.release.pinsTrigger!.failures.queue));
    expect(statements).toEqual([
      { Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Effect: 'Allow', Resource: queue },
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: idOf(fixture.stack, fixture.release.stateMachine) } },
      // The application and environment too: both are required resource types of the AppConfig actions.
      { Action: 'appconfig:ListDeployments', Effect: 'Allow', Resource: [applicationArn, environmentArn] },
      {
        Action: 'appconfig:GetDeployment',
        Effect: 'Allow',
        Resource: [applicationArn, environmentArn, { 'Fn::Join': ['', [...(environmentArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1], '/deployment/*']] }],
      },
    ]);
    expect((fixture.json.Resources[roleId]!.Properties as any).ManagedPolicyArns).toBeUndefined();
  });

  it('sends the events it could not handle after two retries to a queue, with an alarm on it (AppConfig ignores ON_* failures)', () => {
    const trigger = fixture.release.pinsTrigger!;
    const queue = arnOf(idOf(fixture.stack, trigger.failures.queue));
    fixture.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: queue } },
    });
    fixture.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(fixture.stack, trigger.failures.queue), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('lets AppConfig invoke the trigger from this account only', () => {
    // Act
    const permissions = resourcesOf(fixture, 'AWS::Lambda::Permission').filter(([, r]) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify(arnOf(functionId)));

    // Assess
    expect(permissions.map(([, r]) => r.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: arnOf(functionId), Principal: 'appconfig.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } },
    ]);
  });

  it('gives the trigger the environment its cold start parses, naming this pipeline\'s state machine, target and pins', () => {
    // Act
    const env = (fixture.json.Resources[functionId]!.Properties as any).Environment.Variables as Record<string, unknown>;
    // What the function sees at cold start: CloudFormation references resolve to plain strings.
    const deployed = Object.fromEntries(
      Object.entries(env).map(([key, value]) => [key, typeof value === 'string' ? value : key === 'EVALGATE_STATE_MACHINE_ARN' ? 'arn:aws:states:eu-west-1:123456789012:stateMachine:release' : `resolved-${key}`]),
    );

    // Assess
    expect(() => readEnv(PINS_TRIGGER_ENV, deployed)).not.toThrow();
    expect(awsWorld(readEnv(PINS_TRIGGER_ENV, deployed)).pinsTrigger.target.alias).toBe('live');
    const pins = fixture.release.modelPins!;
    expect(env).toMatchObject({
      EVALGATE_STATE_MACHINE_ARN: { Ref: idOf(fixture.stack, fixture.release.stateMachine) },
      EVALGATE_TARGET_FUNCTION_NAME: { Ref: idOf(fixture.stack, fixture.target) },
      EVALGATE_APPCONFIG_APPLICATION_ID: fixture.stack.resolve(pins.applicationId),
      EVALGATE_APPCONFIG_ENVIRONMENT_ID: fixture.stack.resolve(pins.environmentId),
      EVALGATE_APPCONFIG_PROFILE_ID: fixture.stack.resolve(pins.configurationProfileId),
    });
  });

  it('creates no trigger, extension or association with modelPins: false', () => {
    // Act
    const withoutPins = buildRelease({ modelPins: false });

    // Assess
    expect(withoutPins.release.pinsTrigger).toBeUndefined();
    expect(resourcesOf(withoutPins, 'AWS::AppConfig::Extension')).toEqual([]);
    expect(resourcesOf(withoutPins, 'AWS::AppConfig::ExtensionAssociation')).toEqual([]);
    expect(resourcesOf(withoutPins, 'AWS::Lambda::Function')).toHaveLength(resourcesOf(fixture, 'AWS::Lambda::Function').length - 1);
  });
});
