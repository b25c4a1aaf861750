import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

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
 */
export class DemoStack extends Stack {
  public readonly assistant: NodejsFunction;

  constructor(scope: Construct, id: string, props: DemoStackProps = {}) {
    super(scope, id, props);
    this.assistant = new NodejsFunction(this, 'Assistant', {
      entry: join(ROOT, 'functions/assistant/handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      environment: {
        EVALGATE_MODEL_ID: props.modelId ?? 'sim.assistant-2024-11-20',
        POWERTOOLS_SERVICE_NAME: 'lumen-assist',
      },
      bundling: { format: OutputFormat.ESM, target: 'node22', minify: true, sourceMap: true },
    });
  }
}
