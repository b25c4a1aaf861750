/**
 * The props of EvalGatedRelease, their defaults, and their validation: everything wrong with them fails
 * `cdk synth` with "what must hold, got: what was given", before anything is deployed.
 */
import { Duration, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPolicy } from '../evals/engine/policy';
import { loadSuite } from '../evals/engine/suite/load';
import { alarmThresholdsSchema, type AlarmThresholds } from '../functions/release/alarm-specs';
import { assertModelPinned } from '../evals/engine/pins';
import { DEFAULT_CANARY_STEPS, totalBake, validateCanarySteps, type CanaryStep } from './canary-steps';
import type { ModelPinsProps } from './model-pins';

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
   * Live requests the candidate must have served through the alias before the last canary step completes: the
   * alarms see no data as healthy, so without a minimum a canary nobody called would be promoted unobserved. The
   * last step bakes on for up to three more bakes to reach it, then rolls back. 0 turns the minimum off.
   * @default 50
   */
  readonly minCanaryRequests?: number;
  /**
   * Directory of the `*.yaml` eval suites, shipped to the eval functions. A relative path starts at the CDK app's
   * working directory (where `cdk synth` runs: the project's root); `npx evalgate init` creates one.
   * @default 'evals/suites'
   */
  readonly suitesDir?: string;
  /**
   * The gate policy file, shipped to the eval functions. A relative path starts at the CDK app's working directory.
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
   *
   * The eval run invokes the candidate and the live version of the target function, up to
   * `evalMaxConcurrency × evalCaseConcurrency` invocations at once (16 by default), and those count against the
   * function's concurrency like production's: its reserved concurrency if it has one, else the account's unreserved
   * pool. A target with reserved concurrency is refused at synth when the eval run could take more than half of it.
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
   * Buckets CI writes JUnit reports to, besides the release's reports bucket: CheckUnitTests may read `s3://`
   * reports from these (s3:GetObject, and kms:Decrypt with a customer key) and refuses a report anywhere else,
   * naming the buckets it may read.
   * @default [] (the reports bucket only)
   */
  readonly testReportBuckets?: readonly s3.IBucket[];
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
   * The model pins in AppConfig, with the pins the app starts on (`initialPins`), or `false` for an app without
   * pinned models. The pins reach the app as EVALGATE_MODEL_ID and EVALGATE_FALLBACK_MODEL_ID in its environment.
   */
  readonly modelPins: ModelPinsProps | false;
  /**
   * Whether the live checks (the suites' `online: true` assertions) are set on the target as EVALGATE_LIVE_CHECKS,
   * where `liveScore()` reads them. Turn it off for an imported function, or when the checks are passed to
   * `liveScore({ checks })` in code (`evalgate online-checks` writes them).
   * @default true
   */
  readonly liveChecks?: boolean;
  /**
   * The suite tags that name the app's tasks (what `liveScore`'s `taskOf` returns for a request, e.g. its intent):
   * the live checks of those tags join, in EVALGATE_LIVE_CHECKS, the ones every case carries.
   * @default [] (only the live checks every case of every suite carries)
   */
  readonly liveCheckTasks?: readonly string[];
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
  readonly minCanaryRequests: number;
  /** Absolute. */
  readonly suitesDir: string;
  /** Absolute. */
  readonly policyFile: string;
  readonly evalShardSize: number;
  readonly evalMaxConcurrency: number;
  readonly evalCaseConcurrency: number;
  readonly judgeModelId?: string;
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly alarmThresholds: AlarmThresholds;
  readonly maxReleaseMinutes: number;
  readonly liveChecks: boolean;
  readonly liveCheckTasks: readonly string[];
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
  assertEvalLeavesCapacity(props.target, evalMaxConcurrency * evalCaseConcurrency);
  if (props.judgeModelId !== undefined) assertModelPinned(props.judgeModelId, 'judgeModelId');

  if ((props.modelPins as unknown) === undefined) {
    throw new Error("modelPins is required: { initialPins: { modelId: 'gpt-4o-2024-11-20' } } for the pins the app starts on, or false for an app without pinned models, got: none");
  }
  const suitesDir = fromAppDir('suitesDir', props.suitesDir ?? 'evals/suites', 'directory');
  const policyFile = fromAppDir('policyFile', props.policyFile ?? 'evals/policy.yaml', 'file');
  // The gate reads both at run time: a mistake in them fails the synth, with its line, not a release at DecideGate.
  loadPolicy(policyFile);
  for (const file of readdirSync(suitesDir).filter((name) => name.endsWith('.yaml')).sort()) loadSuite(join(suitesDir, file));

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
    minCanaryRequests: wholeNumber('minCanaryRequests', props.minCanaryRequests ?? 50, 0),
    suitesDir,
    policyFile,
    evalShardSize,
    evalMaxConcurrency,
    evalCaseConcurrency,
    ...(props.judgeModelId === undefined ? {} : { judgeModelId: props.judgeModelId }),
    alarms: props.alarms ?? [],
    alarmThresholds: resolveThresholds(props.alarmThresholds ?? {}),
    maxReleaseMinutes: Math.ceil(maxReleaseDuration.toSeconds() / 60),
    liveChecks: props.liveChecks ?? true,
    liveCheckTasks: props.liveCheckTasks ?? [],
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

/**
 * Eval invocations share the target's concurrency with production: with reserved concurrency, an eval run that
 * could take more than half of it would throttle live traffic during the gate. Unknown (imported, or a token):
 * nothing to check.
 */
function assertEvalLeavesCapacity(target: lambda.IFunction, evalInvocations: number): void {
  const reserved = (target.node.defaultChild as lambda.CfnFunction | undefined)?.reservedConcurrentExecutions;
  if (typeof reserved !== 'number' || Token.isUnresolved(reserved) || evalInvocations <= reserved / 2) return;
  throw new Error(
    `evalMaxConcurrency × evalCaseConcurrency must be at most half the target's reserved concurrency (${reserved}), which the eval run shares with production, got: ${evalInvocations}; lower evalCaseConcurrency or evalMaxConcurrency`,
  );
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    throw new Error(`${name} must be a whole number ${range}, got: ${value}`);
  }
  return value;
}

/**
 * A path of the team's project: relative paths start at the CDK app's working directory (the CDK CLI runs the app
 * where cdk.json is), never at evalgate's own package.
 */
function fromAppDir(prop: string, path: string, kind: 'file' | 'directory'): string {
  const absolute = resolve(process.cwd(), path);
  const found = existsSync(absolute) ? (statSync(absolute).isDirectory() ? 'directory' : 'file') : undefined;
  if (found !== kind) {
    const hint = kind === 'directory' ? "; 'npx evalgate init' creates evals/suites and evals/policy.yaml" : '';
    throw new Error(`${prop} must be an existing ${kind} (relative paths start at the CDK app's working directory, ${process.cwd()}), got: ${path}${found ? ` (a ${found})` : ' (not found)'}${hint}`);
  }
  return absolute;
}
