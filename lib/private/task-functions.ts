/**
 * One NodejsFunction per state machine task (and the reconciler, built the same way), each with its own role (no
 * shared or managed policies: permissions are added per task by task-permissions.ts) and its own log group, so no
 * function can write another's logs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { isAbsolute, join, relative } from 'node:path';
import { acknowledge, acknowledgeWildcardResource } from './nag';
import { TASK_NAMES, type TaskName } from './release-state-machine';

/** Where the bundled suites and policy are inside the function (the bundle is extracted to /var/task). */
export const BUNDLED_SUITES_DIR = '/var/task/evals/suites';
export const BUNDLED_POLICY_FILE = '/var/task/evals/policy.yaml';

export interface TaskSettings {
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Whether the suites and the policy are copied into the bundle. */
  readonly bundlesEvals?: boolean;
  /** Where failed asynchronous invocations go, after Lambda's retries (functions invoked by EventBridge). */
  readonly deadLetterQueue?: sqs.IQueue;
}

// Memory is CPU on Lambda: the eval shard runs cases concurrently and the gate aggregates every shard's results.
const SETTINGS: Readonly<Record<TaskName, TaskSettings>> = {
  prepare: { memorySize: 256, timeout: Duration.minutes(1) },
  'check-unit-tests': { memorySize: 512, timeout: Duration.minutes(1) },
  'run-eval-shard': { memorySize: 1024, timeout: Duration.minutes(15), bundlesEvals: true },
  'decide-gate': { memorySize: 1024, timeout: Duration.minutes(2), bundlesEvals: true },
  'shift-traffic': { memorySize: 256, timeout: Duration.seconds(30) },
  'check-health': { memorySize: 256, timeout: Duration.seconds(30) },
  promote: { memorySize: 256, timeout: Duration.seconds(30) },
  rollback: { memorySize: 256, timeout: Duration.minutes(1) },
  finalize: { memorySize: 256, timeout: Duration.minutes(1) },
};

export interface TaskFunctionsProps {
  /** The repository root: esbuild's working directory and the base of the copy commands. */
  readonly projectRoot: string;
  /** The folder holding `<task>/handler.ts`. */
  readonly functionsDir: string;
  /** The suites directory and policy file copied into run-eval-shard and decide-gate. */
  readonly suitesDir: string;
  readonly policyFile: string;
  /** The environment of each task. */
  readonly environment: Readonly<Record<TaskName, Readonly<Record<string, string>>>>;
}

/** `check-unit-tests` -> `CheckUnitTests` */
export const taskId = (task: string): string => task.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/**
 * @example
 * const fns = createTaskFunctions(new Construct(this, 'Tasks'), { projectRoot, functionsDir, suitesDir, policyFile, environment });
 * fns.prepare.functionArn;
 */
export function createTaskFunctions(scope: Construct, props: TaskFunctionsProps): Record<TaskName, NodejsFunction> {
  const entries = TASK_NAMES.map((task) => [task, createReleaseFunction(scope, task, SETTINGS[task], props, props.environment[task])] as const);
  return Object.fromEntries(entries) as Record<TaskName, NodejsFunction>;
}

/**
 * One release function, from `<functionsDir>/<task>/handler.ts`: a task of the state machine, or the reconciler.
 *
 * @example
 * const fn = createReleaseFunction(scope, 'reconcile', { memorySize: 256, timeout: Duration.minutes(2) }, props, environment);
 */
export function createReleaseFunction(
  scope: Construct,
  task: string,
  settings: TaskSettings,
  props: Pick<TaskFunctionsProps, 'projectRoot' | 'functionsDir'> & Partial<Pick<TaskFunctionsProps, 'suitesDir' | 'policyFile'>>,
  environment: Readonly<Record<string, string>>,
): NodejsFunction {
  const id = taskId(task);
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `evalgate ${task} task`,
  });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    description: `evalgate release task: ${task}`,
    entry: join(props.functionsDir, task, 'handler.ts'),
    handler: 'handler',
    projectRoot: props.projectRoot,
    depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    tracing: lambda.Tracing.ACTIVE,
    role,
    logGroup,
    ...(settings.deadLetterQueue ? { deadLetterQueue: settings.deadLetterQueue } : {}),
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: `evalgate-${task}` },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      // CommonJS dependencies inside an ESM bundle still call require().
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      // The SDK versions tested are the ones that run: bundled, not taken from the runtime.
      externalModules: [],
      ...(settings.bundlesEvals ? { commandHooks: copyEvals(withEvals(task, props)) } : {}),
    },
  });
  acknowledgeWildcardResource(role, '*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions');
  acknowledge(fn, 'AwsSolutions-L1', 'Node.js 22 is the runtime the project targets and tests on (TOOLCHAIN.md); moving to a newer one is a deliberate change');
  return fn;
}

function withEvals(task: string, props: Partial<Pick<TaskFunctionsProps, 'projectRoot' | 'suitesDir' | 'policyFile'>>): Pick<TaskFunctionsProps, 'projectRoot' | 'suitesDir' | 'policyFile'> {
  const { projectRoot, suitesDir, policyFile } = props;
  if (projectRoot === undefined || suitesDir === undefined || policyFile === undefined) throw new Error(`the ${task} function bundles the evals: suitesDir and policyFile are required`);
  return { projectRoot, suitesDir, policyFile };
}

/** Copies the suites and the policy next to the bundle: the evals run against exactly the files that were shipped. */
function copyEvals(props: Pick<TaskFunctionsProps, 'projectRoot' | 'suitesDir' | 'policyFile'>): ICommandHooks {
  // Relative to inputDir when inside the project, so the same commands work for local and Docker bundling.
  const source = (inputDir: string, path: string) => {
    const inside = relative(props.projectRoot, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : `${inputDir}/${inside}`;
  };
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `mkdir -p "${outputDir}/evals"`,
      `cp -R "${source(inputDir, props.suitesDir)}" "${outputDir}/evals/suites"`,
      `cp "${source(inputDir, props.policyFile)}" "${outputDir}/evals/policy.yaml"`,
    ],
  };
}
