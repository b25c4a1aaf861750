import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterValueException,
  PutMetricAlarmCommand,
  ResourceNotFound,
} from '@aws-sdk/client-cloudwatch';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchHealthSource } from '../../../../functions/adapters/aws/cloudwatch-health-source';
import { releaseAlarmSpecs, type AlarmThresholds } from '../../../../functions/release/alarm-specs';

const cloudwatch = mockSdkClient(CloudWatchClient);
const thresholds: AlarmThresholds = { errorRate: 0.05, p99DurationMs: 3000, liveScore: 0.8, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
const request = { releaseId: 'rel-42', functionName: 'assistant', alias: 'live', candidateVersion: '8' };
const metadata = { $metadata: {}, message: 'x' };
const names = (count: number) => Array.from({ length: count }, (_, i) => `alarm-${i}`);

function source(now = new Date('2025-01-10T12:34:56Z')) {
  return new CloudWatchHealthSource(new CloudWatchClient({}), { thresholds, now: () => now });
}

describe('CloudWatchHealthSource alarms', () => {
  beforeEach(() => cloudwatch.reset());

  it('creates the release alarms from the alarm specs and returns their names', async () => {
    // Prepare
    cloudwatch.on(PutMetricAlarmCommand).resolves({});

    // Act
    const created = await source().createReleaseAlarms(request);

    // Assess
    expect(created).toEqual(['evalgate-rel-42-errors', 'evalgate-rel-42-p99', 'evalgate-rel-42-live-score']);
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand).map((call) => call.args[0].input)).toEqual(releaseAlarmSpecs(request, thresholds));
  });

  it.each([
    [0, []],
    [3, [3]],
    [250, [100, 100, 50]],
  ])('deletes %i alarms in batches of at most 100', async (count, batchSizes) => {
    // Prepare
    cloudwatch.on(DeleteAlarmsCommand).resolves({});

    // Act
    await source().deleteAlarms(names(count));

    // Assess
    const calls = cloudwatch.commandCalls(DeleteAlarmsCommand).map((call) => call.args[0].input.AlarmNames!);
    expect(calls.map((batch) => batch.length)).toEqual(batchSizes);
    expect(calls.flat()).toEqual(names(count));
  });

  it('ignores alarms that no longer exist', async () => {
    cloudwatch.on(DeleteAlarmsCommand).rejects(new ResourceNotFound(metadata));
    await expect(source().deleteAlarms(['gone'])).resolves.toBeUndefined();
  });

  it('fails when deleting fails for another reason', async () => {
    cloudwatch.on(DeleteAlarmsCommand).rejects(new InvalidParameterValueException(metadata));
    await expect(source().deleteAlarms(['a'])).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('describes metric and composite alarms across pages; unknown names are absent', async () => {
    // Prepare
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'evalgate-rel-42-errors', StateValue: 'OK', StateReason: 'fine' }], NextToken: 'page-2' })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'evalgate-rel-42-p99', StateValue: 'ALARM', StateReason: 'slow' }], CompositeAlarms: [{ AlarmName: 'team-slo', StateValue: 'INSUFFICIENT_DATA' }] });

    // Act
    const states = await source().describeAlarms(['evalgate-rel-42-errors', 'evalgate-rel-42-p99', 'team-slo', 'deleted']);

    // Assess
    expect(states).toEqual([
      { name: 'evalgate-rel-42-errors', state: 'OK', reason: 'fine' },
      { name: 'evalgate-rel-42-p99', state: 'ALARM', reason: 'slow' },
      { name: 'team-slo', state: 'INSUFFICIENT_DATA', reason: '' },
    ]);
    const alarmNames = ['evalgate-rel-42-errors', 'evalgate-rel-42-p99', 'team-slo', 'deleted'];
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input)).toEqual([
      { AlarmNames: alarmNames, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
      { AlarmNames: alarmNames, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: 'page-2' },
    ]);
  });

  it.each([
    [0, []],
    [150, [100, 50]],
  ])('describes %i alarms in batches of at most 100', async (count, batchSizes) => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({});
    await source().describeAlarms(names(count));
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input.AlarmNames!.length)).toEqual(batchSizes);
  });
});

describe('CloudWatchHealthSource.hasLiveScoreMetrics', () => {
  beforeEach(() => cloudwatch.reset());

  const query = {
    Id: 'samples',
    MetricStat: {
      Metric: {
        Namespace: 'Evalgate',
        MetricName: 'LiveEvalPass',
        Dimensions: [
          { Name: 'service', Value: 'evalgate-live-score' },
          { Name: 'FunctionName', Value: 'assistant' },
          { Name: 'Version', Value: '8' },
          { Name: 'Traffic', Value: 'eval' },
        ],
      },
      Period: 60,
      Stat: 'SampleCount',
    },
    ReturnData: true,
  };

  it('counts samples from the minute of `since` through the current minute', async () => {
    // Prepare
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'samples', Values: [0, 3], Timestamps: [] }] });

    // Act
    const found = await source(new Date('2025-01-10T12:34:56Z')).hasLiveScoreMetrics('assistant', '8', new Date('2025-01-10T12:20:30Z'));

    // Assess
    expect(found).toBe(true);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input).toEqual({
      MetricDataQueries: [query],
      StartTime: new Date('2025-01-10T12:20:00Z'),
      EndTime: new Date('2025-01-10T12:35:00Z'),
      ScanBy: 'TimestampDescending',
    });
  });

  it('queries at least one minute when `since` is now', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'samples', Values: [] }] });
    await source(new Date('2025-01-10T12:34:00Z')).hasLiveScoreMetrics('assistant', '8', new Date('2025-01-10T12:34:00Z'));
    const input = cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect([input.StartTime, input.EndTime]).toEqual([new Date('2025-01-10T12:34:00Z'), new Date('2025-01-10T12:35:00Z')]);
  });

  it.each([
    ['no results', {}],
    ['no datapoints', { MetricDataResults: [{ Id: 'samples', Values: [] }] }],
    ['only empty minutes', { MetricDataResults: [{ Id: 'samples', Values: [0, 0] }] }],
  ])('is false with %s', async (_name, response) => {
    cloudwatch.on(GetMetricDataCommand).resolves(response);
    expect(await source().hasLiveScoreMetrics('assistant', '8', new Date('2025-01-10T12:00:00Z'))).toBe(false);
  });

  it('follows the next token until samples are found', async () => {
    // Prepare
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'samples', Values: [0] }], NextToken: 'more' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'samples', Values: [1] }] });

    // Act
    const found = await source().hasLiveScoreMetrics('assistant', '8', new Date('2025-01-10T12:00:00Z'));

    // Assess
    expect(found).toBe(true);
    const calls = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.NextToken).toBe('more');
  });
});

describe('CloudWatchHealthSource.countAliasInvocations', () => {
  beforeEach(() => cloudwatch.reset());

  it("sums the candidate's Invocations through the alias, by the dimensions Lambda gives alias invocations, across pages", async () => {
    // Prepare
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'invocations', Values: [6, 5], Timestamps: [] }], NextToken: 'next' })
      .resolves({ MetricDataResults: [{ Id: 'invocations', Values: [30], Timestamps: [] }] });

    // Act
    const served = await source(new Date('2025-01-10T12:34:56Z')).countAliasInvocations({ functionName: 'assistant', alias: 'live' }, '8', new Date('2025-01-10T12:20:30Z'));

    // Assess
    expect(served).toBe(41);
    const calls = cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
    expect(calls[0]).toEqual({
      MetricDataQueries: [
        {
          Id: 'invocations',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Invocations',
              Dimensions: [
                { Name: 'FunctionName', Value: 'assistant' },
                { Name: 'Resource', Value: 'assistant:live' },
                { Name: 'ExecutedVersion', Value: '8' },
              ],
            },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: true,
        },
      ],
      StartTime: new Date('2025-01-10T12:20:00Z'),
      EndTime: new Date('2025-01-10T12:35:00Z'),
    });
    expect(calls[1]).toMatchObject({ NextToken: 'next' });
  });
});
