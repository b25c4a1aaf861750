/**
 * The props of EvalGatedRelease, their defaults, and their validation: everything wrong with them fails
 * `cdk synth` with "what must hold, got: what was given", before anything is deployed.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alarmThresholdsSchema, type AlarmThresholds } from '../functions/release/alarm-specs';
import { assertModelPinned } from '../evals/engine/pins';
import { DEFAULT_CANARY_STEPS, totalBake, validateCanarySteps, type CanaryStep } from './canary-steps';
import type { ModelPinsProps } from './model-pins';

/**
 * The repository root: the task handlers, the default suites and policy, and package-lock.json are found from it.
 * Found by walking up to package.json, so it is the same from lib/ (tsx, tests) and from the bundled CLI (dist/).
 */
export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Thresholds of the per-release CloudWatch alarms on the candidate version. */
export interface AlarmThresholdsProps {
  /**
   * Share of the candidate's invocations that may fail, in [0, 1].
   * @default 0.05
   */
  readonly errorRate?: number;
  /**
   * p99 duration of the candidate's invocations above which it is degraded.
   * @default Duration.seconds(10)
   */
  readonly p99Duration?: Duration;
  /**
   * Mean live eval score below which the candidate is degraded, in [0, 1].
   * @default 0.9
   */
  readonly liveScore?: number;
  /**
   * Alarm period: a whole number of minutes (Lambda metrics have one-minute resolution).
   * @default Duration.seconds(60)
   */
  readonly period?: Duration;
  /**
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching datapoints among the evaluation periods that raise the alarm.
   * @default 2
   */
  readonly datapointsToAlarm?: number;
}

export interface EvalGatedReleaseProps {
  /** The Lambda function released: its published versions are the candidates. */
  readonly target: lambda.IFunction;
  /**
   * The version the live alias points at when the stack is first deployed.
   * @default target.currentVersion (required when target is not a lambda.Function)
   */
  readonly initialVersion?: lambda.IVersion;
  /**
   * The alias releases move. evalgate creates it once and owns it: `cdk deploy` never moves it.
   * @default 'live'
   */
  readonly aliasName?: string;
  /**
   * Traffic steps before 100%: weights in 1..99, strictly increasing, each baked at least one health-check interval.
   * @default [{ weight: 5, bake: Duration.minutes(30) }, { weight: 25, bake: Duration.minutes(30) }]
   */
  readonly canarySteps?: readonly CanaryStep[];
  /**
   * Time between two health checks of a canary step (at least 1 minute).
   * @default Duration.minutes(1)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Directory of the `*.yaml` eval suites, bundled with the eval functions. Relative paths start at the repository root.
   * @default 'evals/suites'
   */
  readonly suitesDir?: string;
  /**
   * The gate policy file, bundled with the eval functions. Relative paths start at the repository root.
   * @default 'evals/policy.yaml'
   */
  readonly policyFile?: string;
  /**
   * Cases per eval shard (one RunEvalShard invocation).
   * @default 50
   */
  readonly evalShardSize?: number;
  /**
   * Eval shards run at once (the RunEvals Map's MaxConcurrency, 1..40).
   * @default 4
   */
  readonly evalMaxConcurrency?: number;
  /**
   * Cases in flight within one shard.
   * @default 4
   */
  readonly evalCaseConcurrency?: number;
  /**
   * A pinned Bedrock model that grades llm-rubric assertions.
   * @default - the offline simulated judge, as in `evalgate eval`
   */
  readonly judgeModelId?: string;
  /**
   * The app's own alarms, honoured like the per-release ones: any in ALARM during a canary rolls it back.
   * @default []
   */
  readonly alarms?: readonly cloudwatch.IAlarm[];
  /**
   * Where release outcomes are published.
   * @default - a new topic encrypted with the AWS managed SNS key, SSL enforced
   */
  readonly notificationTopic?: sns.ITopic;
  /**
   * Thresholds of the per-release alarms.
   * @default { errorRate: 0.05, p99Duration: 10 s, liveScore: 0.9, period: 60 s, evaluationPeriods: 3, datapointsToAlarm: 2 }
   */
  readonly alarmThresholds?: AlarmThresholdsProps;
  /**
   * The model pins in AppConfig, or `false` for an app without pinned models.
   * @default - created with ModelPins defaults
   */
  readonly modelPins?: ModelPinsProps | false;
  /**
   * The longest a release may run. The execution times out then (the stop reconciler rolls it back and records it),
   * and its lock expires with it: a release that died leaves the alias free again after this.
   * @default Duration.hours(6)
   */
  readonly maxReleaseDuration?: Duration;
}

/** Every prop resolved to its value, validated. */
export interface ResolvedReleaseProps {
  readonly aliasName: string;
  readonly initialVersion: lambda.IVersion;
  readonly canarySteps: readonly CanaryStep[];
  readonly healthCheckInterval: Duration;
  readonly suitesDir: string;
  readonly policyFile: string;
  readonly evalShardSize: number;
  readonly evalMaxConcurrency: number;
  readonly evalCaseConcurrency: number;
  readonly judgeModelId?: string;
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly alarmThresholds: AlarmThresholds;
  readonly maxReleaseMinutes: number;
}

const ALIAS = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
// An inline Map runs at most 40 iterations at once, whatever MaxConcurrency says.
const MAX_EVAL_CONCURRENCY = 40;

/**
 * @example
 * resolveReleaseProps({ target: fn, canarySteps: [{ weight: 120, bake: Duration.minutes(5) }] });
 * // Error: canary step weight must be between 1 and 99, got: 120
 */
export function resolveReleaseProps(props: EvalGatedReleaseProps): ResolvedReleaseProps {
  const aliasName = props.aliasName ?? 'live';
  if (!ALIAS.test(aliasName)) throw new Error(`aliasName must be 1-128 letters, digits, - or _, and not only digits, got: ${aliasName}`);
  const initialVersion = props.initialVersion ?? (props.target instanceof lambda.Function ? props.target.currentVersion : undefined);
  if (!initialVersion) throw new Error('initialVersion is required when target is not a lambda.Function (an imported function has no currentVersion), got: none');

  const canarySteps = props.canarySteps ?? DEFAULT_CANARY_STEPS;
  const healthCheckInterval = props.healthCheckInterval ?? Duration.minutes(1);
  validateCanarySteps(canarySteps, healthCheckInterval);

  const evalShardSize = wholeNumber('evalShardSize', props.evalShardSize ?? 50, 1);
  const evalMaxConcurrency = wholeNumber('evalMaxConcurrency', props.evalMaxConcurrency ?? 4, 1, MAX_EVAL_CONCURRENCY);
  const evalCaseConcurrency = wholeNumber('evalCaseConcurrency', props.evalCaseConcurrency ?? 4, 1);
  if (props.judgeModelId !== undefined) assertModelPinned(props.judgeModelId, 'judgeModelId');

  const suitesDir = fromRoot(props.suitesDir ?? 'evals/suites');
  const policyFile = fromRoot(props.policyFile ?? 'evals/policy.yaml');
  if (!existsSync(policyFile)) throw new Error(`policyFile must be an existing file, got: ${policyFile}`);

  const maxReleaseDuration = props.maxReleaseDuration ?? Duration.hours(6);
  const bake = totalBake(canarySteps);
  if (maxReleaseDuration.toSeconds() <= bake.toSeconds()) {
    throw new Error(`maxReleaseDuration must be longer than the total bake of the canary steps (${bake.toHumanString()}), got: ${maxReleaseDuration.toHumanString()}`);
  }

  return {
    aliasName,
    initialVersion,
    canarySteps,
    healthCheckInterval,
    suitesDir,
    policyFile,
    evalShardSize,
    evalMaxConcurrency,
    evalCaseConcurrency,
    ...(props.judgeModelId === undefined ? {} : { judgeModelId: props.judgeModelId }),
    alarms: props.alarms ?? [],
    alarmThresholds: resolveThresholds(props.alarmThresholds ?? {}),
    maxReleaseMinutes: Math.ceil(maxReleaseDuration.toSeconds() / 60),
  };
}

/** The EVALGATE_ALARM_THRESHOLDS document, checked with the schema the functions parse it with. */
function resolveThresholds(props: AlarmThresholdsProps): AlarmThresholds {
  const thresholds = {
    errorRate: props.errorRate ?? 0.05,
    p99DurationMs: (props.p99Duration ?? Duration.seconds(10)).toMilliseconds(),
    liveScore: props.liveScore ?? 0.9,
    periodSeconds: (props.period ?? Duration.seconds(60)).toSeconds(),
    evaluationPeriods: props.evaluationPeriods ?? 3,
    datapointsToAlarm: props.datapointsToAlarm ?? 2,
  };
  const parsed = alarmThresholdsSchema.safeParse(thresholds);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'alarmThresholds');
  const value = (thresholds as Record<string, unknown>)[field];
  throw new Error(`alarmThresholds ${field}: ${issue.message}, got: ${value === undefined ? 'the thresholds' : String(value)}`);
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    throw new Error(`${name} must be a whole number ${range}, got: ${value}`);
  }
  return value;
}

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : join(PROJECT_ROOT, path);
}
