import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../../../lib/local-stage/services/emf';

const line = (members: Record<string, unknown>, directives: unknown[]) => JSON.stringify({ _aws: { Timestamp: 0, CloudWatchMetrics: directives }, ...members });

describe('parseEmf', () => {
  it('yields one metric per dimension set, with every value of an array', () => {
    const metrics = parseEmf(
      line({ service: 's', Version: '6', Latency: [120, 80], Pass: 1 }, [
        { Namespace: 'Evalgate', Dimensions: [['service', 'Version'], ['service'], []], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }, { Name: 'Pass' }] },
      ]),
    );

    expect(metrics).toEqual([
      { namespace: 'Evalgate', name: 'Latency', unit: 'Milliseconds', dimensions: { service: 's', Version: '6' }, values: [120, 80] },
      { namespace: 'Evalgate', name: 'Latency', unit: 'Milliseconds', dimensions: { service: 's' }, values: [120, 80] },
      { namespace: 'Evalgate', name: 'Latency', unit: 'Milliseconds', dimensions: {}, values: [120, 80] },
      { namespace: 'Evalgate', name: 'Pass', dimensions: { service: 's', Version: '6' }, values: [1] },
      { namespace: 'Evalgate', name: 'Pass', dimensions: { service: 's' }, values: [1] },
      { namespace: 'Evalgate', name: 'Pass', dimensions: {}, values: [1] },
    ]);
  });

  it.each([
    ['a dimension without a string value', { service: 's', Version: 6, Pass: 1 }, [{ Namespace: 'N', Dimensions: [['service', 'Version']], Metrics: [{ Name: 'Pass' }] }]],
    ['a metric without a numeric value', { service: 's', Pass: 'yes' }, [{ Namespace: 'N', Dimensions: [['service']], Metrics: [{ Name: 'Pass' }] }]],
    ['a metric without a value', { service: 's' }, [{ Namespace: 'N', Dimensions: [['service']], Metrics: [{ Name: 'Pass' }] }]],
    ['a directive without a namespace', { service: 's', Pass: 1 }, [{ Dimensions: [['service']], Metrics: [{ Name: 'Pass' }] }]],
  ])('skips %s, as CloudWatch extracts nothing from it', (_case, members, directives) => {
    expect(parseEmf(line(members, directives))).toEqual([]);
  });
});
