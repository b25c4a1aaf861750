/**
 * The candidate's health in CloudWatch: the per-release alarms (defined in release/alarm-specs.ts), the states of
 * those and of the user's own alarms, and whether the candidate emits live eval-score metrics at all.
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmState, HealthSource, ReleaseAlarmRequest } from '../../ports/health-source';
import { liveScoreMetricDimensions, releaseAlarmSpecs, type AlarmThresholds } from '../../release/alarm-specs';
import { LIVE_SCORE } from '../../runtime/live-score-metrics';
import { isServiceError } from './service-errors';

// DeleteAlarms and DescribeAlarms accept at most 100 names per call.
const BATCH = 100;
const MINUTE_MS = 60_000;

export interface CloudWatchHealthSourceOptions {
  readonly thresholds: AlarmThresholds;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * @example
 * const health = new CloudWatchHealthSource(new CloudWatchClient({}), { thresholds });
 * const names = await health.createReleaseAlarms({ releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '8' });
 * const states = await health.describeAlarms(names);
 */
export class CloudWatchHealthSource implements HealthSource {
  private readonly now: () => Date;

  constructor(
    private readonly client: CloudWatchClient,
    private readonly options: CloudWatchHealthSourceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async createReleaseAlarms(request: ReleaseAlarmRequest): Promise<string[]> {
    const specs = releaseAlarmSpecs(request, this.options.thresholds);
    // PutMetricAlarm overwrites an alarm of the same name, so a retried Prepare recreates them harmlessly.
    for (const spec of specs) await this.client.send(new PutMetricAlarmCommand(spec));
    return specs.map((spec) => spec.AlarmName!);
  }

  async deleteAlarms(names: readonly string[]): Promise<void> {
    for (const batch of batches([...new Set(names)])) {
      try {
        await this.client.send(new DeleteAlarmsCommand({ AlarmNames: batch }));
      } catch (error) {
        // CloudWatch deletes the names it knows and may still report the others: gone is what was asked for.
        if (!isServiceError(error, 'ResourceNotFound', 'ResourceNotFoundException')) throw error;
      }
    }
  }

  async describeAlarms(names: readonly string[]): Promise<AlarmState[]> {
    const states: AlarmState[] = [];
    for (const batch of batches([...new Set(names)])) {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          // The user's extra alarms may be composite alarms, which DescribeAlarms omits unless asked.
          new DescribeAlarmsCommand({ AlarmNames: batch, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], ...(nextToken ? { NextToken: nextToken } : {}) }),
        );
        for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
          if (alarm.AlarmName && alarm.StateValue) states.push({ name: alarm.AlarmName, state: alarm.StateValue, reason: alarm.StateReason ?? '' });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return states;
  }

  /**
   * Counts samples (SampleCount), not their sum: a candidate whose live evals all fail emits zeros, and that is
   * still a candidate that emits metrics. Resolution is one minute: the minute containing `since` counts.
   */
  async hasLiveScoreMetrics(functionName: string, version: string, since: Date): Promise<boolean> {
    const start = new Date(Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS);
    // Rounded up so the current, still open minute is part of the window.
    const end = new Date(Math.max(Math.ceil(this.now().getTime() / MINUTE_MS) * MINUTE_MS, start.getTime() + MINUTE_MS));
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'samples',
              MetricStat: {
                // The eval run invokes the version directly: its traffic proves the candidate emits the metrics.
                Metric: { Namespace: LIVE_SCORE.namespace, MetricName: LIVE_SCORE.metrics.pass, Dimensions: liveScoreMetricDimensions(functionName, version, 'eval') },
                Period: 60,
                Stat: 'SampleCount',
              },
              ReturnData: true,
            },
          ],
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampDescending',
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      if ((page.MetricDataResults ?? []).some((result) => (result.Values ?? []).some((value) => value > 0))) return true;
      nextToken = page.NextToken;
    } while (nextToken);
    return false;
  }

  async countAliasInvocations(target: { readonly functionName: string; readonly alias: string }, version: string, since: Date): Promise<number> {
    const start = new Date(Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS);
    const end = new Date(Math.max(Math.ceil(this.now().getTime() / MINUTE_MS) * MINUTE_MS, start.getTime() + MINUTE_MS));
    let total = 0;
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'invocations',
              MetricStat: {
                // Invocations through an alias carry Resource <function>:<alias> and ExecutedVersion, the version
                // that ran ("Types of metrics for Lambda functions", Lambda developer guide): the canary's share.
                Metric: {
                  Namespace: 'AWS/Lambda',
                  MetricName: 'Invocations',
                  Dimensions: [
                    { Name: 'FunctionName', Value: target.functionName },
                    { Name: 'Resource', Value: `${target.functionName}:${target.alias}` },
                    { Name: 'ExecutedVersion', Value: version },
                  ],
                },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: true,
            },
          ],
          StartTime: start,
          EndTime: end,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const result of page.MetricDataResults ?? []) for (const value of result.Values ?? []) total += value;
      nextToken = page.NextToken;
    } while (nextToken);
    return total;
  }
}

function batches<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) result.push(items.slice(i, i + BATCH));
  return result;
}
