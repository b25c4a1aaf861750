import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { acknowledgeFinding, acknowledgeWildcardResource, EvalGatedRelease, grantInvokeBedrockModel, type ModelPinsDocument } from 'evalgate';
import { RELEASE_ENV } from 'evalgate/runtime';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROMPT_BUNDLE, PROMPT_BUNDLE_IDS, promptBundleSha, type PromptBundleId } from '../../functions/sample-assistant/prompts';
import { isSimulatedModel } from '../../functions/sample-assistant/providers/create';
import { BAKE_MINUTES_CONTEXT, PROMPT_BUNDLE_CONTEXT } from './context';
import { SAMPLE_PIPELINE_CONTEXT, SamplePipeline } from './sample-pipeline';


/** The sample's sources: the CDK app runs from the repository root, where cdk.json is. */
const ASSISTANT_ENTRY = fileURLToPath(new URL('../../functions/sample-assistant/index.ts', import.meta.url));

export interface DemoStackProps extends StackProps {
  /**
   * The model the sample assistant is pinned to first.
   * @default 'sim.assistant-2024-11-20'
   */
  readonly modelId?: string;
  /**
   * The model the assistant falls back to when its model is unavailable (throttled, timed out, down).
   * @default - none
   */
  readonly fallbackModelId?: string;
}

/**
 * The demo: Lumen Assist, the sample AI app evalgate releases, and its release pipeline, set up as a team sets up
 * its own (README, "Use evalgate in your project"): the app's function, then EvalGatedRelease with the suites, the
 * gate policy and the initial model pins.
 *
 * @example
 * new DemoStack(app, 'EvalgateDemo');
 */
export class DemoStack extends Stack {
  public readonly assistant: NodejsFunction;
  public readonly release: EvalGatedRelease;
  /** The sample delivery pipeline, only with the context flag `evalgate:samplePipeline=true`. */
  public readonly samplePipeline?: SamplePipeline;

  constructor(scope: Construct, id: string, props: DemoStackProps = {}) {
    super(scope, id, props);
    const bundle = (this.node.tryGetContext(PROMPT_BUNDLE_CONTEXT) as string | undefined) ?? DEFAULT_PROMPT_BUNDLE;
    if (!(PROMPT_BUNDLE_IDS as readonly string[]).includes(bundle)) throw new Error(`context ${PROMPT_BUNDLE_CONTEXT} must be one of ${PROMPT_BUNDLE_IDS.join(', ')}, got: ${bundle}`);
    this.assistant = new NodejsFunction(this, 'Assistant', {
      entry: ASSISTANT_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      // The app's own part of the release environment: the hash of the prompts it runs (a prompt change is a
      // release kind of its own). The pins and the live checks are set by EvalGatedRelease.
      environment: { EVALGATE_PROMPT_BUNDLE: bundle, [RELEASE_ENV.promptSha]: promptBundleSha(bundle as PromptBundleId), POWERTOOLS_SERVICE_NAME: 'lumen-assist' },
      bundling: { format: OutputFormat.ESM, target: 'node22', minify: true, sourceMap: true },
    });
    acknowledgeFinding(
      this.assistant,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'the sample app keeps the default Lambda role: the managed policy only allows writing its own logs',
    );
    acknowledgeWildcardResource(this.assistant.role!, '*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions');
    acknowledgeFinding(this.assistant, 'AwsSolutions-L1', 'Node.js 22 is the runtime the sample targets and is tested on');

    const initialPins: ModelPinsDocument = {
      modelId: props.modelId ?? 'sim.assistant-2024-11-20',
      ...(props.fallbackModelId === undefined ? {} : { fallbackModelId: props.fallbackModelId }),
    };
    // A Bedrock model (or inference profile) the assistant is pinned to, primary or fallback, is one it calls
    // (providers/bedrock.ts: Converse, authorized as bedrock:InvokeModel); a simulated snapshot calls nothing.
    for (const [prop, modelId] of Object.entries(initialPins)) {
      if (typeof modelId === 'string' && !isSimulatedModel(modelId)) grantInvokeBedrockModel(this.assistant, modelId, `modelPins.initialPins.${prop}`);
    }

    const bakeMinutes = Number(this.node.tryGetContext(BAKE_MINUTES_CONTEXT) ?? 30);
    this.release = new EvalGatedRelease(this, 'Release', {
      target: this.assistant,
      canarySteps: [5, 25].map((weight) => ({ weight, bake: Duration.minutes(bakeMinutes) })),
      suitesDir: 'evals/suites',
      policyFile: 'evals/policy.yaml',
      modelPins: { initialPins },
    });
    const samplePipeline: unknown = this.node.tryGetContext(SAMPLE_PIPELINE_CONTEXT);
    if (samplePipeline === true || samplePipeline === 'true') {
      this.samplePipeline = new SamplePipeline(this, 'SamplePipeline', { target: this.assistant, release: this.release });
    }
  }
}
