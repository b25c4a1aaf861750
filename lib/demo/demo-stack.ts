import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { promptBundleSha } from '../../functions/sample-assistant/prompts';
import { RELEASE_ENV } from '../../functions/release/state';
import { EvalGatedRelease } from '../eval-gated-release';
import { PROJECT_ROOT } from '../eval-gated-release-props';
import { acknowledge, acknowledgeWildcardResource } from '../private/nag';
import { SAMPLE_PIPELINE_CONTEXT, SamplePipeline } from './sample-pipeline';

/** The configuration version of the model pins the demo deploys first (its initial hosted version). */
const INITIAL_PINS_VERSION = '1';

export interface DemoStackProps extends StackProps {
  /**
   * The model the sample assistant is pinned to.
   * @default 'sim.assistant-2024-11-20'
   */
  readonly modelId?: string;
}

/**
 * The demo: Lumen Assist, the sample AI app evalgate releases. Its release pipeline (eval gate, canary,
 * rollback) is added by the EvalGatedRelease construct.
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
    const modelId = props.modelId ?? 'sim.assistant-2024-11-20';
    this.assistant = new NodejsFunction(this, 'Assistant', {
      entry: join(PROJECT_ROOT, 'functions/sample-assistant/index.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      // The release metadata every published version carries: a release classifies a change by diffing it.
      environment: {
        [RELEASE_ENV.modelId]: modelId,
        [RELEASE_ENV.pinsVersion]: INITIAL_PINS_VERSION,
        [RELEASE_ENV.promptSha]: promptBundleSha(),
        POWERTOOLS_SERVICE_NAME: 'lumen-assist',
      },
      bundling: { format: OutputFormat.ESM, target: 'node22', minify: true, sourceMap: true },
    });
    acknowledge(
      this.assistant,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'the sample app keeps the default Lambda role: the managed policy only allows writing its own logs',
    );
    acknowledgeWildcardResource(this.assistant.role!, '*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions');
    acknowledge(this.assistant, 'AwsSolutions-L1', 'Node.js 22 is the runtime the project targets and tests on (TOOLCHAIN.md)');

    this.release = new EvalGatedRelease(this, 'Release', {
      target: this.assistant,
      modelPins: { initialPins: { modelId } },
    });
    const samplePipeline: unknown = this.node.tryGetContext(SAMPLE_PIPELINE_CONTEXT);
    if (samplePipeline === true || samplePipeline === 'true') {
      this.samplePipeline = new SamplePipeline(this, 'SamplePipeline', { target: this.assistant, release: this.release });
    }
  }
}
