/**
 * Where the failed asynchronous invocations of a release function go once Lambda's retries are spent, and an alarm
 * on it. Both functions invoked asynchronously (the AppConfig trigger, the stop reconciler) have one: AppConfig and
 * EventBridge ignore what the function does, so a failure nobody sees would leave new pins with no release behind
 * them, or a stopped release not rolled back. The alarm has no action: it is the team's to route
 * (`failureAlarm.addAlarmAction(...)`); the release topic's AWS managed key does not accept CloudWatch alarms.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class FailureQueue extends Construct {
  public readonly queue: sqs.Queue;
  /** In ALARM while any failed invocation waits in the queue. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: { readonly what: string }) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarm = this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }).createAlarm(this, 'Alarm', {
      alarmDescription: `evalgate: ${props.what} failed after every retry; the message in ${this.queue.node.path} says which event`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
