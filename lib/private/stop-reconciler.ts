/**
 * StopReconciler: a release whose execution is stopped (StopExecution: `evalgate abort`, the console) or times out
 * runs no Catch and no Finalize. An EventBridge rule on the state machine's ABORTED, TIMED_OUT and FAILED status
 * changes (FAILED: a Rollback or Finalize that failed after its retries; most FAILED releases ended through their
 * Finalize and are left as they are) invokes the reconciler (functions/tasks/reconcile, logic in functions/release/reconcile.ts), which rolls the release
 * back and ends it as Finalize would. An event it still cannot take after EventBridge's delivery retries and
 * Lambda's invocation retries lands in a dead-letter queue, and the release's lock stays held until then: no new
 * release starts on an alias that may still be split.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { FailureQueue } from './failure-queue';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RECONCILED_STATUSES } from '../../functions/release/reconcile';
import { createReleaseFunction } from './task-functions';
import { grantReconcilerPermissions, type TaskPermissionsProps } from './task-permissions';

export interface StopReconcilerProps {
  /** The release state machine whose stopped executions are reconciled. */
  readonly stateMachine: sfn.IStateMachine;
  /** Finalize's environment: the reconciler ends releases as Finalize does (functions/tasks/reconcile/index.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** The release pipeline's resources it may touch, with Rollback's and Finalize's grants. */
  readonly permissions: TaskPermissionsProps;
}

/** Lambda retries a failed asynchronous invocation twice; a reconciliation is idempotent, so retries are safe. */
const INVOKE_RETRIES = 2;

/**
 * @example
 * const reconciler = new StopReconciler(this, 'StopReconciler', { stateMachine, environment: env.finalize, permissions });
 * reconciler.deadLetterQueue.metricApproximateNumberOfMessagesVisible(); // stopped releases nobody reconciled
 */
export class StopReconciler extends Construct {
  /** The reconciler function (functions/tasks/reconcile). */
  public readonly reconciler: lambda.Function;
  /** Sends the state machine's ABORTED, TIMED_OUT and FAILED status changes to the reconciler. */
  public readonly rule: events.Rule;
  /** Status changes the reconciler could not be given or could not handle, after every retry. */
  public readonly deadLetterQueue: sqs.Queue;
  /** In ALARM while a stopped release waits there unreconciled (its lock held, the alias maybe split): route it. */
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StopReconcilerProps) {
    super(scope, id);
    const failures = new FailureQueue(this, 'DeadLetters', { what: 'the stop reconciler (a stopped release not rolled back)' });
    this.deadLetterQueue = failures.queue;
    this.failureAlarm = failures.alarm;
    this.reconciler = createReleaseFunction(
      this,
      'reconcile',
      { memorySize: 256, timeout: Duration.minutes(2), deadLetterQueue: this.deadLetterQueue },
      props.environment,
    );
    this.reconciler.configureAsyncInvoke({ retryAttempts: INVOKE_RETRIES });
    grantReconcilerPermissions(this.reconciler, props.permissions);
    this.rule = new events.Rule(this, 'StoppedReleases', {
      description: 'evalgate: reconcile releases whose execution was stopped or timed out (no Catch or Finalize ran)',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: [...RECONCILED_STATUSES] },
      },
      // EventBridge's maxima: a stopped release is better reconciled late than never.
      targets: [new targets.LambdaFunction(this.reconciler, { retryAttempts: 185, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetterQueue })],
    });
  }
}
