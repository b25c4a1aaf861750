/**
 * The per-release CloudWatch alarms on the candidate version, as PutMetricAlarm inputs. Pure, so the exact alarms
 * a release creates are visible in one table test; the CloudWatch adapter only sends them.
 *
 * The AWS/Lambda metrics are read through the alias (`Resource = fn:alias`) split by `ExecutedVersion`: that is the
 * candidate's share of the live traffic, not its eval invocations, which call the version directly.
 */
import { z } from 'zod';
import type { ReleaseAlarmRequest } from '../ports/health-source';
import { LIVE_SCORE, liveScoreDimensions, type LiveScoreTraffic } from '../runtime/live-score-metrics';

const MAX_EVALUATION_SECONDS = 86_400;

/** EVALGATE_ALARM_THRESHOLDS. */
export const alarmThresholdsSchema = z
  .object({
    errorRate: z.number().min(0).max(1),
    p99DurationMs: z.number().positive(),
    liveScore: z.number().min(0).max(1),
    // AWS/Lambda metrics have one-minute resolution: shorter or unaligned periods would read no data.
    periodSeconds: z.number().int().min(60).multipleOf(60, 'periodSeconds must be a multiple of 60'),
    evaluationPeriods: z.number().int().min(1),
    datapointsToAlarm: z.number().int().min(1),
  })
  .strict()
  .refine((t) => t.datapointsToAlarm <= t.evaluationPeriods, {
    message: 'datapointsToAlarm must not exceed evaluationPeriods',
    path: ['datapointsToAlarm'],
  })
  .refine((t) => t.periodSeconds * t.evaluationPeriods <= MAX_EVALUATION_SECONDS, {
    message: `periodSeconds x evaluationPeriods must be at most ${MAX_EVALUATION_SECONDS} (one day, CloudWatch's limit)`,
    path: ['evaluationPeriods'],
  });

export type AlarmThresholds = z.infer<typeof alarmThresholdsSchema>;

/**
 * The alarm definitions, in the shape of CloudWatch's PutMetricAlarm input (the subset evalgate uses). Declared
 * here so the release logic and the local stage need no AWS SDK; the CloudWatch adapter checks at compile time
 * that a spec is a valid PutMetricAlarmCommandInput.
 */
export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

export interface MetricDataQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly Label?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: Dimension[] };
    readonly Period: number;
    readonly Stat: string;
  };
}

export interface MetricAlarmSpec {
  readonly AlarmName: string;
  readonly AlarmDescription?: string;
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: Dimension[];
  readonly Statistic?: 'Average' | 'Sum' | 'SampleCount' | 'Maximum' | 'Minimum';
  readonly ExtendedStatistic?: string;
  readonly Period?: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  readonly TreatMissingData?: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  readonly EvaluateLowSampleCountPercentile?: 'evaluate' | 'ignore';
  readonly Metrics?: MetricDataQuery[];
  readonly Tags?: Array<{ readonly Key: string; readonly Value: string }>;
}

export const RELEASE_TAG = 'evalgate:release';

// The longest suffix is '-live-score'; alarm names may have 255 characters.
const MAX_ID_LENGTH = 255 - 'evalgate-'.length - '-live-score'.length;

/**
 * The release id as it appears in alarm names and tags: tag values allow fewer characters than alarm names, so
 * both use the stricter set. Execution names are at most 80 characters, so truncation only guards odd input.
 *
 * @example
 * alarmReleaseId('release 7/assistant'); // 'release-7-assistant'
 */
export function alarmReleaseId(releaseId: string): string {
  return releaseId.replace(/[^A-Za-z0-9_.:=+@-]/g, '-').slice(0, MAX_ID_LENGTH);
}

/**
 * The dimensions the live-score middleware emits for one version, as CloudWatch dimensions: CloudWatch matches
 * dimension sets exactly, so the alarm and the observability check must name all of them.
 *
 * @example
 * liveScoreMetricDimensions('assistant', '8', 'live'); // [{ Name: 'service', ... }, { Name: 'FunctionName', ... }, { Name: 'Version', Value: '8' }, { Name: 'Traffic', Value: 'live' }]
 */
export function liveScoreMetricDimensions(functionName: string, version: string, traffic: LiveScoreTraffic): Dimension[] {
  return Object.entries(liveScoreDimensions(functionName, version, traffic)).map(([Name, Value]) => ({ Name, Value }));
}

/**
 * The names releaseAlarmSpecs gives a release's alarms, from its id alone: what a release stopped inside Prepare
 * (before its Release, with the names, reached the lock) may have left behind (functions/release/reconcile.ts).
 *
 * @example
 * releaseAlarmNames('r-1'); // ['evalgate-r-1-errors', 'evalgate-r-1-p99', 'evalgate-r-1-live-score']
 */
export function releaseAlarmNames(releaseId: string): string[] {
  const id = alarmReleaseId(releaseId);
  return ['errors', 'p99', 'live-score'].map((kind) => `evalgate-${id}-${kind}`);
}

/**
 * The three alarms of a release: error rate, p99 duration and live eval score of the candidate.
 *
 * @example
 * releaseAlarmSpecs({ releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '8' }, thresholds)
 *   .map((spec) => spec.AlarmName); // ['evalgate-r-1-errors', 'evalgate-r-1-p99', 'evalgate-r-1-live-score']
 */
export function releaseAlarmSpecs(request: ReleaseAlarmRequest, thresholds: AlarmThresholds): MetricAlarmSpec[] {
  const id = alarmReleaseId(request.releaseId);
  const { functionName, alias, candidateVersion } = request;
  const lambdaDimensions: Dimension[] = [
    { Name: 'FunctionName', Value: functionName },
    { Name: 'Resource', Value: `${functionName}:${alias}` },
    { Name: 'ExecutedVersion', Value: candidateVersion },
  ];
  const common: Pick<MetricAlarmSpec, 'EvaluationPeriods' | 'DatapointsToAlarm' | 'TreatMissingData' | 'Tags'> = {
    EvaluationPeriods: thresholds.evaluationPeriods,
    DatapointsToAlarm: thresholds.datapointsToAlarm,
    // A canary at 5% may see no traffic in a period; silence is not a regression.
    TreatMissingData: 'notBreaching',
    Tags: [{ Key: RELEASE_TAG, Value: id }],
  };
  const lambdaMetric = (metricName: string) => ({
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: lambdaDimensions }, Period: thresholds.periodSeconds, Stat: 'Sum' },
    ReturnData: false,
  });
  const about = (what: string) => `evalgate release ${request.releaseId}: ${what} of ${functionName} version ${candidateVersion} behind alias ${alias}`;

  return [
    {
      ...common,
      AlarmName: `evalgate-${id}-errors`,
      AlarmDescription: about(`error rate above ${thresholds.errorRate}`),
      Metrics: [
        { Id: 'errors', ...lambdaMetric('Errors') },
        { Id: 'invocations', ...lambdaMetric('Invocations') },
        { Id: 'errorRate', Expression: 'IF(invocations > 0, errors / invocations, 0)', Label: 'error rate', ReturnData: true },
      ],
      Threshold: thresholds.errorRate,
      ComparisonOperator: 'GreaterThanThreshold',
    },
    {
      ...common,
      AlarmName: `evalgate-${id}-p99`,
      AlarmDescription: about(`p99 duration above ${thresholds.p99DurationMs} ms`),
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: lambdaDimensions,
      ExtendedStatistic: 'p99',
      Period: thresholds.periodSeconds,
      // Few samples at a small canary weight are exactly when the alarm must not go blind.
      EvaluateLowSampleCountPercentile: 'evaluate',
      Threshold: thresholds.p99DurationMs,
      ComparisonOperator: 'GreaterThanThreshold',
    },
    {
      ...common,
      AlarmName: `evalgate-${id}-live-score`,
      AlarmDescription: about(`live eval pass rate below ${thresholds.liveScore}`),
      Namespace: LIVE_SCORE.namespace,
      MetricName: LIVE_SCORE.metrics.pass,
      // Live traffic only: the eval run invokes the version directly and must not move the canary's score.
      Dimensions: liveScoreMetricDimensions(functionName, candidateVersion, 'live'),
      Statistic: 'Average',
      Period: thresholds.periodSeconds,
      Threshold: thresholds.liveScore,
      ComparisonOperator: 'LessThanThreshold',
    },
  ];
}
