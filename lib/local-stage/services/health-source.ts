/**
 * CloudWatch alarms on the local stage (alarms.json). The release's alarms are stored as their PutMetricAlarm
 * inputs and evaluated against the local metric store whenever they are described, at the stage's (simulated)
 * time; the state found is stored too, so the CLI shows it between runs. Static alarms stand for the user's own
 * alarms: a test or scenario sets their state by name.
 */
import type { MetricAlarmSpec } from '../../../functions/release/alarm-specs';
import type { Clock } from '../../../functions/ports/clock';
import type { AlarmState, HealthSource, ReleaseAlarmRequest } from '../../../functions/ports/health-source';
import { releaseAlarmSpecs, type AlarmThresholds } from '../../../functions/release/alarm-specs';
import { LIVE_SCORE, liveScoreDimensions } from '../../../functions/runtime/live-score-metrics';
import { evaluateAlarm } from './alarm-evaluation';
import type { JsonFile } from './json-file';
import type { LocalMetrics } from './metrics';

type State = AlarmState['state'];

export type StoredAlarm =
  | { readonly kind: 'metric'; readonly spec: MetricAlarmSpec; readonly state: State; readonly reason: string }
  | { readonly kind: 'static'; readonly state: State; readonly reason: string };

export interface AlarmsDocument {
  alarms: Record<string, StoredAlarm>;
}

export const emptyAlarms = (): AlarmsDocument => ({ alarms: {} });

const MINUTE_MS = 60_000;

/**
 * @example
 * const health = new LocalHealthSource(new JsonFile('.evalgate/alarms.json', emptyAlarms()), metrics, clock, thresholds);
 * const names = await health.createReleaseAlarms({ releaseId: 'r-1', functionName: 'assistant', alias: 'live', candidateVersion: '6' });
 * health.defineAlarm('team-p1', { state: 'ALARM', reason: 'paged' });
 * await health.describeAlarms([...names, 'team-p1']);
 */
export class LocalHealthSource implements HealthSource {
  constructor(
    private readonly file: JsonFile<AlarmsDocument>,
    private readonly metrics: Pick<LocalMetrics, 'query'>,
    private readonly clock: Clock,
    private readonly thresholds: AlarmThresholds,
  ) {}

  /** A static alarm, created or overwritten: its state is what the caller says until it says otherwise. */
  defineAlarm(name: string, alarm: { readonly state: State; readonly reason: string }): void {
    this.file.update((doc) => {
      doc.alarms[name] = { kind: 'static', state: alarm.state, reason: alarm.reason };
    });
  }

  async createReleaseAlarms(request: ReleaseAlarmRequest): Promise<string[]> {
    const specs = releaseAlarmSpecs(request, this.thresholds);
    this.file.update((doc) => {
      for (const spec of specs) {
        const existing = doc.alarms[spec.AlarmName!];
        // PutMetricAlarm on an existing alarm replaces its definition and leaves its state, as a retried Prepare needs.
        const { state, reason } = existing ?? { state: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation' };
        doc.alarms[spec.AlarmName!] = { kind: 'metric', spec, state, reason };
      }
    });
    return specs.map((spec) => spec.AlarmName!);
  }

  async deleteAlarms(names: readonly string[]): Promise<void> {
    this.file.update((doc) => {
      for (const name of names) delete doc.alarms[name];
    });
  }

  /** Unknown names are left out, as DescribeAlarms does. */
  async describeAlarms(names: readonly string[]): Promise<AlarmState[]> {
    const now = this.clock.now();
    const found = [...new Set(names)].flatMap((name) => {
      const alarm = this.file.read().alarms[name];
      if (!alarm) return [];
      if (alarm.kind === 'static') return [{ name, state: alarm.state, reason: alarm.reason }];
      return [{ name, ...evaluateAlarm(alarm.spec, now, (query) => this.metrics.query(query), alarm.state) }];
    });
    const changed = found.filter((alarm) => {
      const stored = this.file.read().alarms[alarm.name];
      return stored?.kind === 'metric' && (stored.state !== alarm.state || stored.reason !== alarm.reason);
    });
    if (changed.length > 0) {
      this.file.update((doc) => {
        for (const { name, state, reason } of changed) {
          const stored = doc.alarms[name];
          if (stored?.kind === 'metric') doc.alarms[name] = { ...stored, state, reason };
        }
      });
    }
    return found;
  }

  /**
   * As the CloudWatch adapter asks it: SampleCount of the eval-traffic pass metric in one-minute periods, from the
   * minute containing `since` to the end of the current minute.
   */
  async hasLiveScoreMetrics(functionName: string, version: string, since: Date): Promise<boolean> {
    const start = new Date(Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS);
    const end = new Date(Math.max(Math.ceil(this.clock.now().getTime() / MINUTE_MS) * MINUTE_MS, start.getTime() + MINUTE_MS));
    const dimensions = liveScoreDimensions(functionName, version, 'eval');
    const samples = this.metrics.query({ namespace: LIVE_SCORE.namespace, name: LIVE_SCORE.metrics.pass, dimensions, stat: 'SampleCount', periodSeconds: 60, start, end });
    return samples.some((point) => point.value > 0);
  }

  async countAliasInvocations(target: { readonly functionName: string; readonly alias: string }, version: string, since: Date): Promise<number> {
    const start = new Date(Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS);
    const end = new Date(Math.max(Math.ceil(this.clock.now().getTime() / MINUTE_MS) * MINUTE_MS, start.getTime() + MINUTE_MS));
    // As the traffic driver records them (lib/local-stage/traffic.ts), with Lambda's dimensions for alias invocations.
    const dimensions = { FunctionName: target.functionName, Resource: `${target.functionName}:${target.alias}`, ExecutedVersion: version };
    return this.metrics.query({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions, stat: 'Sum', periodSeconds: 60, start, end }).reduce((sum, point) => sum + point.value, 0);
  }
}
