/**
 * Concrete values for a synthesized template: every Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::Split
 * becomes the name or ARN the resource would have when deployed in one fixed account, region and partition, as
 * CloudFormation documents each resource type's return values. lib/local-stage/asl.ts resolves to placeholders (a
 * logical id for anything that is not a function); IAM needs real ARNs, so a resource type this file does not
 * know is an error that names it, never a guess.
 */
import type { CfnTemplate } from '../../../lib/local-stage/asl';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Test',
};

const arn = (service: string, resource: string, region = REGION) => `arn:${PARTITION}:${service}:${region}:${ACCOUNT}:${resource}`;

/** The physical name each resource gets: its logical id (S3 lower-cases it, as bucket names must be). */
type Values = Readonly<Record<string, (name: string) => string>>;

/** `''` is Ref; the other keys are Fn::GetAtt attributes (CloudFormation's "Return values" of each type). */
const RETURN_VALUES: Readonly<Record<string, Values>> = {
  'AWS::Lambda::Function': { '': (n) => n, Arn: (n) => arn('lambda', `function:${n}`) },
  'AWS::Lambda::Version': { '': (n) => arn('lambda', `function:${n}:1`), Version: () => '1' },
  'AWS::DynamoDB::Table': { '': (n) => n, Arn: (n) => arn('dynamodb', `table/${n}`), StreamArn: (n) => arn('dynamodb', `table/${n}/stream/2025-01-01T00:00:00.000`) },
  'AWS::S3::Bucket': { '': (n) => n.toLowerCase(), Arn: (n) => `arn:${PARTITION}:s3:::${n.toLowerCase()}` },
  'AWS::SNS::Topic': { '': (n) => arn('sns', n), TopicArn: (n) => arn('sns', n), TopicName: (n) => n },
  'AWS::SQS::Queue': { '': (n) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${n}`, Arn: (n) => arn('sqs', n), QueueName: (n) => n },
  'AWS::StepFunctions::StateMachine': { '': (n) => arn('states', `stateMachine:${n}`), Arn: (n) => arn('states', `stateMachine:${n}`), Name: (n) => n },
  'AWS::Logs::LogGroup': { '': (n) => n, Arn: (n) => arn('logs', `log-group:${n}:*`) },
  'AWS::IAM::Role': { '': (n) => n, Arn: (n) => `arn:${PARTITION}:iam::${ACCOUNT}:role/${n}` },
  'AWS::CloudWatch::Alarm': { '': (n) => n, Arn: (n) => arn('cloudwatch', `alarm:${n}`) },
  'AWS::Events::Rule': { '': (n) => n, Arn: (n) => arn('events', `rule/${n}`) },
  'AWS::AppConfig::Application': { '': (n) => n, ApplicationId: (n) => n },
  'AWS::AppConfig::Environment': { '': (n) => n, EnvironmentId: (n) => n },
  'AWS::AppConfig::ConfigurationProfile': { '': (n) => n, ConfigurationProfileId: (n) => n },
  'AWS::AppConfig::DeploymentStrategy': { '': (n) => n, Id: (n) => n },
  'AWS::AppConfig::HostedConfigurationVersion': { '': () => '1', VersionNumber: () => '1' },
  'AWS::AppConfig::Extension': { '': (n) => n, Id: (n) => n, Arn: (n) => arn('appconfig', `extension/${n}/1`), VersionNumber: () => '1' },
  'AWS::Lambda::LayerVersion': { '': (n) => arn('lambda', `layer:${n}:1`) },
};

/** A resolved value: CloudFormation strings, and the lists Fn::Split makes. */
export type Resolved = string | readonly string[];

/**
 * @example
 * const resolve = concreteResolver(template);
 * resolve({ 'Fn::GetAtt': ['ReleaseTableB04780BE', 'Arn'] }); // 'arn:aws:dynamodb:us-east-1:123456789012:table/ReleaseTableB04780BE'
 */
export function concreteResolver(template: CfnTemplate): (value: unknown) => Resolved {
  const ref = (logicalId: string, attribute = ''): string => {
    const pseudo = PSEUDO[logicalId];
    if (pseudo !== undefined && attribute === '') return pseudo;
    const type = template.Resources[logicalId]?.Type;
    if (type === undefined) throw new Error(`cannot resolve ${logicalId}: no such resource or pseudo parameter`);
    const value = RETURN_VALUES[type]?.[attribute];
    if (!value) throw new Error(`cannot resolve ${attribute ? `Fn::GetAtt ${logicalId}.${attribute}` : `Ref ${logicalId}`}: no concrete value for ${type} here`);
    return value(logicalId);
  };
  const text = (value: unknown): string => {
    const resolved = resolve(value);
    if (typeof resolved !== 'string') throw new Error(`expected a string, got the list ${JSON.stringify(resolved)}`);
    return resolved;
  };
  const resolve = (value: unknown): Resolved => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(text);
    if (typeof value !== 'object' || value === null) throw new Error(`cannot resolve ${JSON.stringify(value)}`);
    const node = value as Record<string, unknown>;
    if ('Ref' in node) return ref(String(node.Ref));
    if ('Fn::GetAtt' in node) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
      return ref(logicalId, attribute);
    }
    if ('Fn::Join' in node) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(text).join(delimiter);
    }
    if ('Fn::Split' in node) {
      const [delimiter, source] = node['Fn::Split'] as [string, unknown];
      return text(source).split(delimiter);
    }
    if ('Fn::Select' in node) {
      const [index, list] = node['Fn::Select'] as [number | string, unknown];
      const items = resolve(list);
      const item = typeof items === 'string' ? undefined : items[Number(index)];
      if (item === undefined) throw new Error(`Fn::Select ${index} of ${JSON.stringify(items)}: no such item`);
      return item;
    }
    if ('Fn::Sub' in node) {
      const sub = node['Fn::Sub'];
      const [template, variables] = (Array.isArray(sub) ? sub : [sub, {}]) as [string, Record<string, unknown>];
      return template.replace(/\$\{(!?)([^}]*)\}/g, (_, literal: string, name: string) => {
        if (literal) return `\${${name}}`;
        if (name in variables) return text(variables[name]);
        const [logicalId, ...attribute] = name.split('.');
        return ref(logicalId!, attribute.join('.'));
      });
    }
    throw new Error(`cannot resolve ${Object.keys(node).join(', ')}`);
  };
  return resolve;
}
