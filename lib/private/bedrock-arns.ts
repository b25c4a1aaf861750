/**
 * What a caller of a Bedrock model must be allowed: bedrock:InvokeModel, on the resources its model id resolves to.
 * Converse is authorized as that action (Bedrock API Reference, Converse: "This operation requires permission for the
 * bedrock:InvokeModel action", https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html);
 * the Service Authorization Reference has no bedrock:Converse.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from './nag';

/**
 * A cross-Region (system-defined) inference profile id: a geography, then the id of the foundation model it routes
 * to (`us.anthropic.claude-3-5-haiku-20241022-v1:0`). The geographies are those Bedrock names its profiles after
 * ("Supported Regions and models for inference profiles",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
 */
const PROFILE_ID = /^(us|us-gov|eu|apac|jp|au|global)\.(.+)$/;
/** A foundation model id, `<provider>.<model>` in lower case (the Bedrock API's model identifier pattern). */
const MODEL_ID = /^[a-z0-9-]+\.[a-z0-9.:-]+$/;

const ALLOWED =
  'a Bedrock foundation model id (anthropic.claude-3-5-haiku-20241022-v1:0) or a cross-Region inference profile id (us.anthropic.claude-3-5-haiku-20241022-v1:0)';

const WILDCARD_REASON =
  'a cross-Region inference profile routes to its foundation model in Regions AWS chooses and may change; IAM requires the model "in each Region associated with it" (Bedrock user guide, inference-profiles-prereq.html): this model only, invoke only';

/**
 * The resources of bedrock:InvokeModel for `modelId`, which the caller invokes in its stack's Region:
 * - a foundation model id: the model there, `arn:${Partition}:bedrock:${Region}::foundation-model/<id>` (no account);
 * - a cross-Region inference profile id: the profile, `arn:${Partition}:bedrock:${Region}:${Account}:inference-profile/<id>`,
 *   and its foundation model in every Region it routes to. "When you specify an inference profile in the Resource
 *   field [...], you must also specify the foundation model in each Region associated with it" (Prerequisites for
 *   inference profiles, https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html): the
 *   source Region and every destination Region (Geographic cross-Region inference, "IAM policy requirements",
 *   https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html). The destinations are
 *   AWS's and change, so the Region is `*`, which also matches the Region-less `arn:aws:bedrock:::foundation-model/<id>`
 *   a global profile routes to (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
 *
 * Refused, naming `prop`: a token (its kind decides the grant); an application inference profile, whose ARN names
 * neither its model nor its Regions; any other ARN (a foundation model's or a system profile's: give its id).
 *
 * @example
 * bedrockModelResources(stack, 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'judgeModelId');
 * // ['arn:${Partition}:bedrock:${Region}:${Account}:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
 * //  'arn:${Partition}:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0']
 */
export function bedrockModelResources(stack: Stack, modelId: string, prop: string): string[] {
  if (Token.isUnresolved(modelId)) throw new Error(`${prop} must be ${ALLOWED}, given as text: whether it is a model or a profile decides its grant, got: a token`);
  if (modelId.startsWith('arn:')) throw new Error(`${prop} must be ${ALLOWED}, got: ${modelId} (${whyNotArn(modelId)})`);
  const profile = PROFILE_ID.exec(modelId);
  const model = profile ? profile[2]! : modelId;
  if (!MODEL_ID.test(model)) throw new Error(`${prop} must be ${ALLOWED}, got: ${modelId}`);
  const foundationModel = (region?: string) => stack.formatArn({ service: 'bedrock', account: '', ...(region ? { region } : {}), resource: 'foundation-model', resourceName: model });
  if (!profile) return [foundationModel()];
  return [stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: modelId }), foundationModel('*')];
}

function whyNotArn(arn: string): string {
  if (arn.includes(':application-inference-profile/')) {
    return "an application inference profile's ARN names neither its model nor its Regions, which its grant needs; give the model or system profile it copies";
  }
  const id = /:(?:foundation-model|inference-profile)\/(.+)$/.exec(arn)?.[1];
  return id === undefined ? 'provisioned throughput, custom, imported and marketplace models are not supported' : `give its id, ${id}`;
}

/**
 * Allows `grantee` to invoke `modelId` (Converse, InvokeModel) as {@link bedrockModelResources} says, acknowledging
 * the `*` Region of an inference profile's model where the finding arises.
 *
 * @example
 * grantInvokeBedrockModel(fn, 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'modelPins.initialPins.modelId');
 */
export function grantInvokeBedrockModel(grantee: iam.IGrantable & IConstruct, modelId: string, prop = 'modelId'): void {
  const resourceArns = bedrockModelResources(Stack.of(grantee), modelId, prop);
  iam.Grant.addToPrincipal({ grantee, actions: ['bedrock:InvokeModel'], resourceArns });
  const principal = grantee.grantPrincipal;
  const scope = Construct.isConstruct(principal) ? principal : grantee;
  for (const resource of resourceArns.filter((arn) => arn.includes('*'))) acknowledgeWildcardResource(scope, resource, WILDCARD_REASON);
}
