/**
 * One Lambda function per state machine task (and the reconciler and the AppConfig trigger, built the same way),
 * each running its prebuilt bundle (task-assets.ts) with its own role (no shared or managed policies: permissions
 * are added per task by task-permissions.ts) and its own log group, so no function can write another's logs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from './nag';
import { TASK_NAMES, type TaskName } from './release-state-machine';
import { releaseTaskCode, releaseTaskHandler } from './task-assets';

export interface TaskSettings {
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Whether the function reads the eval suites and the policy (the evals layer). */
  readonly readsEvals?: boolean;
  /** Where failed asynchronous invocations go, after Lambda's retries (functions invoked by EventBridge). */
  readonly deadLetterQueue?: sqs.IQueue;
}

// Memory is CPU on Lambda: the eval shard runs cases concurrently and the gate aggregates every shard's results.
const SETTINGS: Readonly<Record<TaskName, TaskSettings>> = {
  prepare: { memorySize: 256, timeout: Duration.minutes(1) },
  'check-unit-tests': { memorySize: 512, timeout: Duration.minutes(1) },
  'run-eval-shard': { memorySize: 1024, timeout: Duration.minutes(15), readsEvals: true },
  'decide-gate': { memorySize: 1024, timeout: Duration.minutes(2), readsEvals: true },
  'shift-traffic': { memorySize: 256, timeout: Duration.seconds(30) },
  'check-health': { memorySize: 256, timeout: Duration.seconds(30) },
  promote: { memorySize: 256, timeout: Duration.seconds(30) },
  rollback: { memorySize: 256, timeout: Duration.minutes(1) },
  finalize: { memorySize: 256, timeout: Duration.minutes(1) },
};

export interface TaskFunctionsProps {
  /** The layer with the eval suites and the policy, for the functions that read them. */
  readonly evalsLayer: lambda.ILayerVersion;
  /** The environment of each task. */
  readonly environment: Readonly<Record<TaskName, Readonly<Record<string, string>>>>;
}

/** `check-unit-tests` -> `CheckUnitTests` */
export const taskId = (task: string): string => task.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/**
 * @example
 * const fns = createTaskFunctions(new Construct(this, 'Tasks'), { evalsLayer, environment });
 * fns.prepare.functionArn;
 */
export function createTaskFunctions(scope: Construct, props: TaskFunctionsProps): Record<TaskName, lambda.Function> {
  const entries = TASK_NAMES.map((task) => {
    const settings = SETTINGS[task];
    return [task, createReleaseFunction(scope, task, settings, props.environment[task], settings.readsEvals ? [props.evalsLayer] : [])] as const;
  });
  return Object.fromEntries(entries) as Record<TaskName, lambda.Function>;
}

/**
 * One release function, running `<task>.handler` of the prebuilt bundle: a task of the state machine, the
 * reconciler or the AppConfig trigger.
 *
 * @example
 * const fn = createReleaseFunction(scope, 'reconcile', { memorySize: 256, timeout: Duration.minutes(2) }, environment);
 */
export function createReleaseFunction(
  scope: Construct,
  task: string,
  settings: TaskSettings,
  environment: Readonly<Record<string, string>>,
  layers: readonly lambda.ILayerVersion[] = [],
): lambda.Function {
  const id = taskId(task);
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `evalgate ${task} task`,
  });
  logGroup.grantWrite(role);
  const fn = new lambda.Function(scope, id, {
    description: `evalgate release task: ${task}`,
    code: releaseTaskCode(task),
    handler: releaseTaskHandler(task),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    tracing: lambda.Tracing.ACTIVE,
    role,
    logGroup,
    layers: [...layers],
    ...(settings.deadLetterQueue ? { deadLetterQueue: settings.deadLetterQueue } : {}),
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: `evalgate-${task}` },
  });
  acknowledgeWildcardResource(role, '*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions');
  acknowledge(fn, 'AwsSolutions-L1', 'Node.js 22 is the runtime evalgate\'s task bundles target and are tested on; moving to a newer one is a deliberate change');
  return fn;
}
