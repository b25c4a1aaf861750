/**
 * What scripts/bench-bundles.ts builds and loads: the esbuild options NodejsFunction derives from the CDK app's
 * bundling props, and the environment each function starts with on Lambda.
 *
 * Mirrored by hand (loading aws-cdk-lib to read them would cost ~9 s), so keep in step with:
 *  - lib/private/task-functions.ts (SETTINGS, `bundling`, `environment`, copyEvals) for the nine task functions, and
 *    lib/private/stop-reconciler.ts and lib/private/pins-trigger.ts for the two functions outside the state machine;
 *  - lib/eval-gated-release.ts `taskEnvironment` and lib/eval-gated-release-props.ts defaults for their variables;
 *  - lib/demo/demo-stack.ts for the sample assistant.
 * NodejsFunction's own defaults (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js): platform node, outfile index.mjs for
 * ESM, no banner unless given, externalModules `['@aws-sdk/*']` on Node >= 18 runtimes unless given, sourcesContent
 * true unless given, esbuild's own mainFields unless given.
 */
import type { BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { TASK_NAMES, type TaskName } from '../functions/release/tasks';

export interface BundleSpec {
  readonly name: string;
  readonly entry: string;
  /** esbuild options besides entry, outfile and metafile. */
  readonly esbuild: BuildOptions;
  /** Memory of the function (MB), for AWS_LAMBDA_FUNCTION_MEMORY_SIZE. */
  readonly memorySize: number;
  /** Whether evals/suites and evals/policy.yaml are copied next to the bundle (afterBundling). */
  readonly bundlesEvals: boolean;
  /** The function's environment as the CDK app sets it, with deploy-time tokens replaced by dummy values. */
  readonly environment: Readonly<Record<string, string>>;
}

/** lib/private/task-functions.ts `bundling`. */
const TASK_ESBUILD: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  external: [],
};

/** lib/demo/demo-stack.ts `bundling: { format: ESM, target: 'node22', minify: true, sourceMap: true }` plus NodejsFunction defaults. */
const ASSISTANT_ESBUILD: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  // Not set by demo-stack: NodejsFunction's default for NODEJS_22_X is to leave the SDK to the runtime.
  external: ['@aws-sdk/*'],
};

export { TASK_NAMES };

/** lib/private/task-functions.ts SETTINGS (the Record type fails typecheck if a task is added to TaskName and not here). */
const TASK_SETTINGS: Readonly<Record<TaskName, { memorySize: number; bundlesEvals?: boolean }>> = {
  prepare: { memorySize: 256 },
  'check-unit-tests': { memorySize: 512 },
  'run-eval-shard': { memorySize: 1024, bundlesEvals: true },
  'decide-gate': { memorySize: 1024, bundlesEvals: true },
  'shift-traffic': { memorySize: 256 },
  'check-health': { memorySize: 256 },
  promote: { memorySize: 256 },
  rollback: { memorySize: 256 },
  finalize: { memorySize: 256 },
};

/** Dummy values for the tokens lib/eval-gated-release.ts resolves at deploy time. */
export const DUMMY = {
  table: 'EvalgateDemo-ReleaseTable1A2B3C4D-1ABCDEF2GHIJ',
  bucket: 'evalgatedemo-releasereportsbucket1a2b3c4d-1abcdef2ghij',
  topic: 'arn:aws:sns:us-east-1:123456789012:EvalgateDemo-ReleaseNotifications1A2B3C4D-1ABCDEF2GHIJ',
  pins: {
    EVALGATE_APPCONFIG_APPLICATION_ID: 'a1b2c3d',
    EVALGATE_APPCONFIG_ENVIRONMENT_ID: 'e1f2g3h',
    EVALGATE_APPCONFIG_PROFILE_ID: 'p1q2r3s',
    EVALGATE_APPCONFIG_STRATEGY_ID: 't1u2v3w',
  },
  extraAlarms: '["EvalgateDemo-AssistantErrors-1ABCDEF2GHIJ"]',
};

/** lib/eval-gated-release-props.ts resolveThresholds with no props. */
export const DEFAULT_THRESHOLDS = { errorRate: 0.05, p99DurationMs: 10_000, liveScore: 0.9, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

export interface TaskEnvInputs {
  /** JSON of computeEvalShards(evals/suites, 50). */
  readonly shardsJson: string;
  /** Where the evals copy of each bundle is; on Lambda /var/task/evals/{suites,policy.yaml}. */
  readonly evalsDir: (task: TaskName) => string;
}

/** lib/eval-gated-release.ts taskEnvironment + the two variables lib/private/task-functions.ts adds to every task. */
export function taskEnvironment(task: TaskName, inputs: TaskEnvInputs): Record<string, string> {
  const table = { EVALGATE_TABLE_NAME: DUMMY.table };
  const bucket = { EVALGATE_REPORTS_BUCKET: DUMMY.bucket };
  const evals = { EVALGATE_SUITES_DIR: join(inputs.evalsDir(task), 'suites'), EVALGATE_POLICY_FILE: join(inputs.evalsDir(task), 'policy.yaml') };
  const thresholds = { EVALGATE_ALARM_THRESHOLDS: JSON.stringify(DEFAULT_THRESHOLDS) };
  const own: Record<TaskName, Record<string, string>> = {
    prepare: {
      ...table,
      ...DUMMY.pins,
      EVALGATE_EVAL_SHARDS: inputs.shardsJson,
      ...thresholds,
      EVALGATE_MAX_RELEASE_MINUTES: '360',
    },
    'check-unit-tests': table,
    'run-eval-shard': { ...bucket, ...evals, EVALGATE_EVAL_CONCURRENCY: '4' },
    'decide-gate': { ...bucket, ...evals, ...thresholds },
    'shift-traffic': table,
    'check-health': { EVALGATE_EXTRA_ALARMS: DUMMY.extraAlarms, ...thresholds },
    promote: { ...table, ...DUMMY.pins },
    rollback: { ...DUMMY.pins },
    finalize: { ...table, ...bucket, EVALGATE_TOPIC_ARN: DUMMY.topic, ...thresholds },
  };
  return { ...own[task], NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: `evalgate-${task}` };
}

/**
 * Every variable functions/shared/env.ts can require, with valid values: what is added when the CDK environment of
 * a task does not satisfy its TASK_ENV schema (the benchmark measures init, not a failing cold start).
 */
export const ENV_POOL: Readonly<Record<string, string>> = {
  EVALGATE_TABLE_NAME: DUMMY.table,
  EVALGATE_REPORTS_BUCKET: DUMMY.bucket,
  EVALGATE_TOPIC_ARN: DUMMY.topic,
  ...DUMMY.pins,
  EVALGATE_ALARM_THRESHOLDS: JSON.stringify(DEFAULT_THRESHOLDS),
  EVALGATE_EXTRA_ALARMS: DUMMY.extraAlarms,
  EVALGATE_MAX_RELEASE_MINUTES: '360',
  EVALGATE_EVAL_CONCURRENCY: '4',
};

/** What the Lambda runtime sets for every function (credentials are fake: clients construct, nothing is sent). */
export function lambdaRuntimeEnvironment(functionName: string, memorySize: number, taskRoot: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    // Nothing is flushed at init anyway; this only guarantees no metric line is written by the benchmark.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

export function taskSpecs(root: string, inputs: TaskEnvInputs): BundleSpec[] {
  return TASK_NAMES.map((task) => ({
    name: task,
    entry: join(root, 'functions', task, 'handler.ts'),
    esbuild: TASK_ESBUILD,
    memorySize: TASK_SETTINGS[task].memorySize,
    bundlesEvals: TASK_SETTINGS[task].bundlesEvals ?? false,
    environment: taskEnvironment(task, inputs),
  }));
}

/** The reconciler (finalize's environment) and the AppConfig trigger, built as the task functions are. */
export function triggerSpecs(root: string, inputs: TaskEnvInputs): BundleSpec[] {
  const spec = (name: string, memorySize: number, environment: Record<string, string>): BundleSpec => ({
    name,
    entry: join(root, 'functions', name, 'handler.ts'),
    esbuild: TASK_ESBUILD,
    memorySize,
    bundlesEvals: false,
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: `evalgate-${name}` },
  });
  const { NODE_OPTIONS: _n, POWERTOOLS_SERVICE_NAME: _p, ...finalize } = taskEnvironment('finalize', inputs);
  return [
    spec('reconcile', 256, { ...finalize, ...DUMMY.pins }),
    spec('pins-trigger', 256, {
      EVALGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:ReleaseStateMachine1A2B3C4D',
      EVALGATE_TARGET_FUNCTION_NAME: 'EvalgateDemo-Assistant1A2B3C4D-1ABCDEF2GHIJ',
      EVALGATE_TARGET_ALIAS: 'live',
      ...DUMMY.pins,
    }),
  ];
}

/** lib/demo/demo-stack.ts: `[RELEASE_ENV.modelId]`, pinsVersion, promptSha, POWERTOOLS_SERVICE_NAME; no NODE_OPTIONS. */
export function assistantSpec(root: string, promptSha: string): BundleSpec {
  return {
    name: 'assistant',
    entry: join(root, 'functions/sample-assistant/index.ts'),
    esbuild: ASSISTANT_ESBUILD,
    memorySize: 512,
    bundlesEvals: false,
    environment: {
      EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20',
      EVALGATE_PINS_VERSION: '1',
      EVALGATE_PROMPT_SHA: promptSha,
      POWERTOOLS_SERVICE_NAME: 'lumen-assist',
    },
  };
}
