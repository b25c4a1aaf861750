/**
 * The AWS world: every adapter a task function can use, each built once, on first use, from the function's
 * validated environment. One place wires clients to adapters, for every task; a task's Lambda entry
 * (functions/tasks/<task>/index.ts) is `makeHandler(awsWorld(readEnv(TASK_ENV.<task>)))`, and its handler
 * touches only the adapters its use case needs, so nothing else is built.
 */
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@aws-lambda-powertools/logger';
import { simulatedJudge } from '../../../evals/engine/judge';
import type { JudgeModel } from '../../../evals/engine/types';
import { systemClock, type Clock } from '../../ports/clock';
import type { AlarmThresholds } from '../../release/alarm-specs';
import type { PinsTriggerConfig } from '../../release/pins-trigger';
import type { EvalShard } from '../../release/state';
import { appConfigIds, InvalidEnvironmentError } from '../../shared/env';
import { createReleaseLogger } from '../../shared/middleware';
import { AppConfigPinStore } from './appconfig-pin-store';
import { AwsTestReportSource } from './aws-test-report-source';
import { BedrockJudge } from './bedrock-judge';
import { CloudWatchHealthSource } from './cloudwatch-health-source';
import { dynamoDocumentClient } from './dynamodb-client';
import { DynamoDbReleaseStore } from './dynamodb-release-store';
import { LambdaAliasRouter } from './lambda-alias-router';
import { LambdaAppInvoker } from './lambda-app-invoker';
import { LambdaFunctionRegistry } from './lambda-function-registry';
import { S3ReportStore } from './s3-report-store';
import { SnsNotifier } from './sns-notifier';
import { StepFunctionsReleaseStarter } from './step-functions';

/** Every variable a task function may read, parsed (functions/shared/env.ts): each task's schema picks its own. */
export interface TaskEnvironment {
  readonly EVALGATE_TABLE_NAME?: string;
  readonly EVALGATE_REPORTS_BUCKET?: string;
  readonly EVALGATE_TOPIC_ARN?: string;
  readonly EVALGATE_APPCONFIG_APPLICATION_ID?: string;
  readonly EVALGATE_APPCONFIG_ENVIRONMENT_ID?: string;
  readonly EVALGATE_APPCONFIG_PROFILE_ID?: string;
  readonly EVALGATE_APPCONFIG_STRATEGY_ID?: string;
  readonly EVALGATE_EVAL_SHARDS?: readonly EvalShard[];
  readonly EVALGATE_ALARM_THRESHOLDS?: AlarmThresholds;
  readonly EVALGATE_EXTRA_ALARMS?: readonly string[];
  readonly EVALGATE_TEST_REPORT_BUCKETS?: readonly string[];
  readonly EVALGATE_MAX_RELEASE_MINUTES?: number;
  readonly EVALGATE_SUITES_DIR?: string;
  readonly EVALGATE_POLICY_FILE?: string;
  readonly EVALGATE_EVAL_CONCURRENCY?: number;
  readonly EVALGATE_JUDGE_MODEL_ID?: string;
  readonly EVALGATE_STATE_MACHINE_ARN?: string;
  readonly EVALGATE_TARGET_FUNCTION_NAME?: string;
  readonly EVALGATE_TARGET_ALIAS?: string;
}

export interface AwsWorld {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly registry: LambdaFunctionRegistry;
  readonly router: LambdaAliasRouter;
  readonly healthSource: CloudWatchHealthSource;
  /** Undefined with `modelPins: false` (no AppConfig variables): a model-pin release is then refused. */
  readonly pinStore: AppConfigPinStore | undefined;
  readonly releaseStore: DynamoDbReleaseStore;
  readonly reportStore: S3ReportStore;
  readonly testReports: AwsTestReportSource;
  readonly notifier: SnsNotifier;
  readonly appInvoker: LambdaAppInvoker;
  readonly starter: StepFunctionsReleaseStarter;
  /** As in `evalgate eval`: `sim.*` ids grade offline, any other pinned id is a Bedrock model. */
  readonly judge: JudgeModel;
  readonly pinsTrigger: PinsTriggerConfig;
  readonly evalShards: readonly EvalShard[];
  readonly maxReleaseMinutes: number;
  readonly suitesDir: string;
  readonly policyFile: string;
  readonly concurrency: number;
  readonly extraAlarms: readonly string[];
  /** The buckets CheckUnitTests may read JUnit reports from (its role's grant); undefined: any. */
  readonly testReportBuckets: readonly string[] | undefined;
}

/** Builds each property on first read, once. */
function lazy<T extends object>(factories: { readonly [K in keyof T]: () => T[K] }): T {
  const world = {} as T;
  for (const key of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(world, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key]();
        Object.defineProperty(world, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return world;
}

const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};

/**
 * @example
 * const world = awsWorld(readEnv(TASK_ENV.promote));
 * world.router;        // LambdaAliasRouter, built now
 * world.reportStore;   // throws InvalidEnvironmentError: EVALGATE_REPORTS_BUCKET is not set for this task
 */
export function awsWorld(env: TaskEnvironment): AwsWorld {
  const need = <K extends keyof TaskEnvironment>(name: K, user: string): NonNullable<TaskEnvironment[K]> => {
    const value = env[name];
    if (value === undefined) throw new InvalidEnvironmentError(`invalid function environment: ${name}: is required by the ${user}`);
    return value as NonNullable<TaskEnvironment[K]>;
  };
  const lambda = once(() => new LambdaClient({}));
  const s3 = once(() => new S3Client({}));
  const pins = appConfigIds(env);
  return lazy<AwsWorld>({
    logger: () => createReleaseLogger(),
    clock: () => systemClock,
    registry: () => new LambdaFunctionRegistry(lambda()),
    router: () => new LambdaAliasRouter(lambda()),
    healthSource: () => new CloudWatchHealthSource(new CloudWatchClient({}), { thresholds: need('EVALGATE_ALARM_THRESHOLDS', 'CloudWatch health source') }),
    pinStore: () => (pins ? new AppConfigPinStore(new AppConfigClient({}), pins) : undefined),
    releaseStore: () => new DynamoDbReleaseStore(dynamoDocumentClient(), need('EVALGATE_TABLE_NAME', 'release store')),
    reportStore: () => new S3ReportStore(s3(), need('EVALGATE_REPORTS_BUCKET', 'report store')),
    testReports: () => new AwsTestReportSource(s3(), new CodeBuildClient({})),
    notifier: () => new SnsNotifier(new SNSClient({}), need('EVALGATE_TOPIC_ARN', 'notifier')),
    appInvoker: () => new LambdaAppInvoker(lambda()),
    starter: () => new StepFunctionsReleaseStarter(new SFNClient({}), need('EVALGATE_STATE_MACHINE_ARN', 'release starter')),
    judge: () => {
      const modelId = env.EVALGATE_JUDGE_MODEL_ID;
      return modelId === undefined || modelId.startsWith('sim.') ? simulatedJudge(modelId) : BedrockJudge.withDefaultClient(modelId);
    },
    pinsTrigger: () => ({
      applicationId: need('EVALGATE_APPCONFIG_APPLICATION_ID', 'AppConfig trigger'),
      environmentId: need('EVALGATE_APPCONFIG_ENVIRONMENT_ID', 'AppConfig trigger'),
      configurationProfileId: need('EVALGATE_APPCONFIG_PROFILE_ID', 'AppConfig trigger'),
      target: { functionName: need('EVALGATE_TARGET_FUNCTION_NAME', 'AppConfig trigger'), alias: need('EVALGATE_TARGET_ALIAS', 'AppConfig trigger') },
    }),
    evalShards: () => need('EVALGATE_EVAL_SHARDS', 'Prepare task'),
    maxReleaseMinutes: () => need('EVALGATE_MAX_RELEASE_MINUTES', 'Prepare task'),
    suitesDir: () => need('EVALGATE_SUITES_DIR', 'eval tasks'),
    policyFile: () => need('EVALGATE_POLICY_FILE', 'gate task'),
    concurrency: () => need('EVALGATE_EVAL_CONCURRENCY', 'eval shard task'),
    extraAlarms: () => env.EVALGATE_EXTRA_ALARMS ?? [],
    testReportBuckets: () => env.EVALGATE_TEST_REPORT_BUCKETS,
  });
}
