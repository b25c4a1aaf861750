/**
 * EvalGatedRelease: the release pipeline of one Lambda function. Every new version goes through unit-test
 * evidence, an eval gate against the live version, and a canary on the live alias that rolls back on any
 * degradation (ARCHITECTURE.md). This file wires the parts; each part lives in its own module.
 */
import { CfnOutput, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deriveOnlineChecks } from '../evals/engine/online';
import { loadSuite } from '../evals/engine/suite/load';
import { LIVE_SCORE_ENV, RELEASE_ENV } from '../functions/runtime/release-env';
import { resolveReleaseProps, type EvalGatedReleaseProps, type ResolvedReleaseProps } from './eval-gated-release-props';
import { computeEvalShards } from './private/eval-shards';
import { LiveAlias } from './private/live-alias';
import { markReleaseDuration } from './private/release-duration';
import { ModelPins } from './model-pins';
import { acknowledge, acknowledgeWildcardResource } from './private/nag';
import { PinsTrigger } from './private/pins-trigger';
import { renderReleaseDefinition, TASK_NAMES, type TaskName } from './private/release-state-machine';
import { StopReconciler } from './private/stop-reconciler';
import { EvalsLayer, LAYER_POLICY_FILE, LAYER_SUITES_DIR } from './private/evals-layer';
import { createTaskFunctions } from './private/task-functions';
import { aliasResources, grantProposePins, grantTaskPermissions } from './private/task-permissions';

export type { AlarmThresholdsProps, EvalGatedReleaseProps } from './eval-gated-release-props';

// Lambda allows 4 KB of environment per function; the shard list must leave room for the other variables.
const MAX_SHARDS_JSON = 3000;
// The same 4 KB hold the app's own variables: the live checks may take half.
const MAX_LIVE_CHECKS_JSON = 2048;

/**
 * @example
 * const release = new EvalGatedRelease(this, 'Release', {
 *   target: assistant,
 *   suitesDir: 'evals/suites', policyFile: 'evals/policy.yaml',
 *   modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18' } },
 *   canarySteps: [{ weight: 10, bake: Duration.minutes(15) }],
 *   alarms: [assistantErrorsAlarm],
 * });
 * release.grantStartRelease(pipelineRole);
 */
export class EvalGatedRelease extends Construct {
  /** The release state machine: start one execution per candidate version. */
  public readonly stateMachine: sfn.StateMachine;
  /** How long a release may run before it times out (`maxReleaseDuration`, whole minutes). */
  public readonly maxReleaseDuration: Duration;
  /** Release locks, records and unit-test evidence. */
  public readonly table: dynamodb.Table;
  /** Eval results, gate reports and release records. JUnit reports for CheckUnitTests are read from it too. */
  public readonly reportsBucket: s3.Bucket;
  /** Where release outcomes are published. */
  public readonly topic: sns.ITopic;
  /** The Lambda function behind each task of the state machine. */
  public readonly taskFunctions: Readonly<Record<TaskName, lambda.Function>>;
  /** The team's suites and policy, as the eval functions read them. */
  public readonly evalsLayer: lambda.ILayerVersion;
  /** The model pins in AppConfig, unless `modelPins: false`. */
  public readonly modelPins?: ModelPins;
  /** The function released. */
  public readonly target: lambda.IFunction;
  /** The alias releases move. */
  public readonly liveAlias: LiveAlias;
  /** Ends a release whose execution was stopped (`evalgate abort`, StopExecution) or timed out. */
  public readonly stopReconciler: StopReconciler;
  /** The AppConfig trigger: a deployment of new model pins starts a release. Unless `modelPins: false`. */
  public readonly pinsTrigger?: PinsTrigger;

  constructor(scope: Construct, id: string, props: EvalGatedReleaseProps) {
    super(scope, id);
    const config = resolveReleaseProps(props);
    this.target = props.target;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Release records are the audit trail of production changes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.reportsBucket = new s3.Bucket(this, 'Reports', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.reportsBucket,
      'AwsSolutions-S1',
      'written only by the release task roles and versioned; object access is auditable with CloudTrail data events, a second log bucket per pipeline adds cost without a reader',
    );
    this.topic = props.notificationTopic ?? this.createTopic();
    this.modelPins = props.modelPins === false ? undefined : new ModelPins(this, 'ModelPins', props.modelPins);
    this.setReleaseEnvironment(props.target, config);
    this.liveAlias = new LiveAlias(this, 'LiveAlias', { target: props.target, aliasName: config.aliasName, initialVersion: config.initialVersion });
    retainVersion(config.initialVersion);

    this.evalsLayer = new EvalsLayer(this, 'Evals', { suitesDir: config.suitesDir, policyFile: config.policyFile }).layer;
    const environment = this.taskEnvironment(config, props.testReportBuckets ?? []);
    this.taskFunctions = createTaskFunctions(new Construct(this, 'Tasks'), { evalsLayer: this.evalsLayer, environment });
    const permissions = {
      target: props.target,
      aliasArn: this.liveAlias.aliasArn,
      table: this.table,
      reportsBucket: this.reportsBucket,
      testReportBuckets: props.testReportBuckets ?? [],
      topic: this.topic,
      ...(this.modelPins ? { modelPins: this.modelPins } : {}),
      ...(config.judgeModelId ? { judgeModelId: config.judgeModelId } : {}),
    };
    grantTaskPermissions(this.taskFunctions, permissions);
    this.stateMachine = this.createStateMachine(config);
    this.maxReleaseDuration = Duration.minutes(config.maxReleaseMinutes);
    markReleaseDuration(this.stateMachine, this.maxReleaseDuration);
    this.stopReconciler = new StopReconciler(this, 'StopReconciler', { stateMachine: this.stateMachine, environment: environment.finalize, permissions });
    if (this.modelPins) {
      this.pinsTrigger = new PinsTrigger(this, 'PinsTrigger', {
        modelPins: this.modelPins,
        stateMachine: this.stateMachine,
        target: props.target,
        aliasName: config.aliasName,
      });
    }
    this.operatorOutput(props.target, config.aliasName);
  }

  /**
   * The release environment of the app (functions/runtime/release-env.ts), on the function itself so that its
   * first version carries it: the initial pins and their configuration version, and the suites' live checks for
   * `liveScore()`. An imported function cannot be changed: its deployment must set them.
   */
  private setReleaseEnvironment(target: lambda.IFunction, config: ResolvedReleaseProps): void {
    if (!(target instanceof lambda.Function)) return;
    const pins = this.modelPins;
    if (pins) {
      target.addEnvironment(RELEASE_ENV.modelId, pins.initialPins.modelId);
      if (pins.initialPins.fallbackModelId !== undefined) target.addEnvironment(RELEASE_ENV.fallbackModelId, pins.initialPins.fallbackModelId);
      target.addEnvironment(RELEASE_ENV.pinsVersion, pins.initialVersion);
    }
    if (!config.liveChecks) return;
    const files = readdirSync(config.suitesDir).filter((file) => /\.ya?ml$/.test(file)).sort().map((file) => join(config.suitesDir, file));
    const tags = new Set(files.flatMap((file) => loadSuite(file).cases.flatMap((c) => c.tags)));
    const unknown = config.liveCheckTasks.filter((task) => !tags.has(task));
    if (unknown.length > 0) throw new Error(`liveCheckTasks must be tags of the suites in ${config.suitesDir} (${[...tags].sort().join(', ')}), got: ${unknown.join(', ')}`);
    const checks = JSON.stringify(deriveOnlineChecks(files, config.liveCheckTasks));
    if (checks.length > MAX_LIVE_CHECKS_JSON) {
      throw new Error(
        `the live checks of ${config.suitesDir} must fit in ${MAX_LIVE_CHECKS_JSON} characters of Lambda environment (EVALGATE_LIVE_CHECKS), got: ${checks.length}; list fewer liveCheckTasks, or set liveChecks: false and pass them to liveScore({ checks }) in code ('npx evalgate online-checks' writes them)`,
      );
    }
    target.addEnvironment(LIVE_SCORE_ENV.checks, checks);
  }

  /**
   * The stack output the operator CLI reads (`cdk deploy --outputs-file cdk-outputs.json`, then `evalgate release`,
   * `status`, `history`, `abort`, `pins propose`): where this pipeline's state machine, table and pins are.
   */
  private operatorOutput(target: lambda.IFunction, alias: string): void {
    const pins = this.modelPins;
    new CfnOutput(this, 'EvalgateRelease', {
      description: `evalgate release pipeline of ${target.node.path} (read by the evalgate CLI)`,
      value: Stack.of(this).toJsonString({
        evalgate: 1,
        stateMachineArn: this.stateMachine.stateMachineArn,
        tableName: this.table.tableName,
        functionName: target.functionName,
        alias,
        ...(pins
          ? { appConfig: { applicationId: pins.applicationId, environmentId: pins.environmentId, configurationProfileId: pins.configurationProfileId, deploymentStrategyId: pins.deploymentStrategyId } }
          : {}),
      }),
    });
  }

  /**
   * Allows `grantee` to start releases (states:StartExecution on the state machine).
   *
   * @example
   * release.grantStartRelease(pipelineRole);
   */
  public grantStartRelease(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /**
   * Allows `grantee` (an operator's role) everything the evalgate CLI does on this pipeline: start, follow, list
   * and stop releases (`release`, `status`, `abort`), read the alias and the release records (`status`,
   * `history`), and propose model pins (`pins propose`) when pins are managed.
   *
   * @example
   * release.grantOperate(iam.Role.fromRoleName(this, 'Oncall', 'release-oncall'));
   */
  public grantOperate(grantee: iam.IGrantable): void {
    this.stateMachine.grantStartExecution(grantee);
    // What the CLI calls, not grantRead's whole read set (ListStateMachines, ListActivities, DescribeActivity, ...).
    iam.Grant.addToPrincipal({ grantee, actions: ['states:ListExecutions'], resourceArns: [this.stateMachine.stateMachineArn] });
    this.stateMachine.grantExecution(grantee, 'states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution');
    iam.Grant.addToPrincipal({ grantee, actions: ['lambda:GetAlias'], resourceArns: aliasResources({ target: this.target, aliasArn: this.liveAlias.aliasArn }) });
    this.table.grant(grantee, 'dynamodb:Query');
    if (this.modelPins) grantProposePins(grantee, this.modelPins);
  }

  private createTopic(): sns.Topic {
    return new sns.Topic(this, 'Notifications', {
      displayName: 'evalgate releases',
      // The AWS managed key: encrypted at rest without a customer key to pay for and rotate.
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
  }

  /** The variables of each task (functions/release/README.md), parsed by functions/shared/env.ts. */
  private taskEnvironment(config: ResolvedReleaseProps, testReportBuckets: readonly s3.IBucket[]): Record<TaskName, Record<string, string>> {
    const shards = JSON.stringify(computeEvalShards(config.suitesDir, config.evalShardSize));
    if (shards.length > MAX_SHARDS_JSON) {
      throw new Error(`EVALGATE_EVAL_SHARDS must fit in ${MAX_SHARDS_JSON} characters of Lambda environment, got: ${shards.length}; raise evalShardSize`);
    }
    const pins = this.modelPins;
    const pinsEnv: Record<string, string> = pins
      ? {
          EVALGATE_APPCONFIG_APPLICATION_ID: pins.applicationId,
          EVALGATE_APPCONFIG_ENVIRONMENT_ID: pins.environmentId,
          EVALGATE_APPCONFIG_PROFILE_ID: pins.configurationProfileId,
          EVALGATE_APPCONFIG_STRATEGY_ID: pins.deploymentStrategyId,
        }
      : {};
    const table = { EVALGATE_TABLE_NAME: this.table.tableName };
    const bucket = { EVALGATE_REPORTS_BUCKET: this.reportsBucket.bucketName };
    const evals = { EVALGATE_SUITES_DIR: LAYER_SUITES_DIR, EVALGATE_POLICY_FILE: LAYER_POLICY_FILE };
    // Every task that builds the CloudWatch adapter needs the thresholds, even if it only reads or deletes alarms.
    const thresholds = { EVALGATE_ALARM_THRESHOLDS: JSON.stringify(config.alarmThresholds) };
    return {
      prepare: {
        ...table,
        ...pinsEnv,
        EVALGATE_EVAL_SHARDS: shards,
        ...thresholds,
        EVALGATE_MAX_RELEASE_MINUTES: String(config.maxReleaseMinutes),
      },
      'check-unit-tests': {
        ...table,
        EVALGATE_TEST_REPORT_BUCKETS: Stack.of(this).toJsonString([this.reportsBucket.bucketName, ...testReportBuckets.map((bucket) => bucket.bucketName)]),
      },
      'run-eval-shard': {
        ...bucket,
        ...evals,
        EVALGATE_EVAL_CONCURRENCY: String(config.evalCaseConcurrency),
        ...(config.judgeModelId ? { EVALGATE_JUDGE_MODEL_ID: config.judgeModelId } : {}),
      },
      'decide-gate': { ...bucket, ...evals, ...thresholds },
      // The table: ShiftTraffic and Promote read the release lock after moving the alias (the reconciler's fence).
      'shift-traffic': table,
      'check-health': { EVALGATE_EXTRA_ALARMS: Stack.of(this).toJsonString(config.alarms.map((alarm) => alarm.alarmName)), ...thresholds },
      // The pins too: Promote deploys those of a release AppConfig does not serve yet.
      promote: { ...table, ...pinsEnv },
      rollback: pinsEnv,
      // The pins too: Finalize reverts them when a model change ends blocked, refused or failed.
      finalize: { ...table, ...bucket, EVALGATE_TOPIC_ARN: this.topic.topicArn, ...pinsEnv, ...thresholds },
    };
  }

  private createStateMachine(config: ResolvedReleaseProps): sfn.StateMachine {
    const definition = renderReleaseDefinition(new Construct(this, 'Definition'), {
      tasks: this.taskFunctions,
      canarySteps: config.canarySteps,
      healthCheckInterval: config.healthCheckInterval,
      minCanaryRequests: config.minCanaryRequests,
      evalMaxConcurrency: config.evalMaxConcurrency,
    });
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      comment: 'evalgate release: eval gate, canary, promote or roll back',
      // Execution data holds eval summaries and release inputs: the history keeps it, the logs need not.
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogs', {
          // Step Functions adds every log group it writes to to the account's CloudWatch Logs resource policy, which
          // is limited to 5120 characters, unless the name starts with /aws/vendedlogs/: in a busy account, any other
          // name can fail the state machine's creation ("Avoiding Amazon CloudWatch Logs resource policy size
          // restrictions", Step Functions developer guide). Names are unique per account and Region: the stack's is in it.
          logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      tracingEnabled: true,
      // A stuck release times out (TIMED_OUT goes to the stop reconciler); its lock, taken at Prepare, outlives the
      // timeout by the reconciler's delivery window (LOCK_GRACE_MINUTES, functions/release/prepare.ts).
      timeout: Duration.minutes(config.maxReleaseMinutes),
    });
    for (const task of TASK_NAMES) {
      acknowledgeWildcardResource(
        stateMachine.role,
        `${this.taskFunctions[task].functionArn}:*`,
        `aws-cdk-lib LambdaInvoke grants the ${task} task function and its versions; the state machine invokes exactly that function`,
      );
    }
    acknowledgeWildcardResource(
      stateMachine.role,
      '*',
      'CloudWatch Logs delivery (logs:CreateLogDelivery, ...) and X-Ray (PutTraceSegments, ...) do not support resource-level permissions',
    );
    return stateMachine;
  }
}

/**
 * Keeps the version the live alias starts on. `fn.currentVersion` is a new AWS::Lambda::Version on every deploy
 * that changes the function, and CloudFormation deletes the one it replaces by default (VersionOptions.removalPolicy):
 * the version the live alias still points at, a candidate a release in progress is evaluating, or one an old
 * release record names. Versions are immutable and cost only their code's storage; an imported version is left as it is.
 */
function retainVersion(version: lambda.IVersion): void {
  if (version instanceof lambda.Version) version.applyRemovalPolicy(RemovalPolicy.RETAIN);
}
