import type { AlarmState, HealthSource, ReleaseAlarmRequest } from '../../../functions/ports/health-source';
import { Faults } from './faults';

const MINUTE_MS = 60_000;

/**
 * Alarms a test can set to ALARM, and live-score metrics a test can emit for a version. Alarms and metrics follow
 * CloudWatch as the CloudWatch source reads it (test/contracts/health-source.contract.ts): an alarm created again
 * keeps its state, each alarm is described once, metrics count by the minute.
 */
export class FakeHealthSource extends Faults<'createReleaseAlarms' | 'deleteAlarms' | 'describeAlarms' | 'hasLiveScoreMetrics' | 'countAliasInvocations'> implements HealthSource {
  private readonly invocations: Array<{ readonly key: string; readonly count: number; readonly at: Date }> = [];
  readonly alarms = new Map<string, AlarmState>();
  readonly requests: ReleaseAlarmRequest[] = [];
  private readonly emissions: Array<{ readonly functionName: string; readonly version: string; readonly at: Date }> = [];

  async createReleaseAlarms(request: ReleaseAlarmRequest): Promise<string[]> {
    this.check('createReleaseAlarms');
    this.requests.push(request);
    const names = ['errors', 'p99-duration', 'live-score'].map((kind) => `evalgate-${request.releaseId}-${kind}`);
    // New alarms have seen no data yet; PutMetricAlarm on an existing alarm leaves its state (a retried Prepare).
    for (const name of names) if (!this.alarms.has(name)) this.setAlarm(name, 'INSUFFICIENT_DATA', 'new alarm');
    return names;
  }

  async deleteAlarms(names: readonly string[]): Promise<void> {
    this.check('deleteAlarms');
    for (const name of names) this.alarms.delete(name);
  }

  async describeAlarms(names: readonly string[]): Promise<AlarmState[]> {
    this.check('describeAlarms');
    return [...new Set(names)].flatMap((name) => this.alarms.get(name) ?? []);
  }

  /** At one-minute resolution, as the CloudWatch source asks: the minute containing `since` counts. */
  async hasLiveScoreMetrics(functionName: string, version: string, since: Date): Promise<boolean> {
    this.check('hasLiveScoreMetrics');
    const start = Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS;
    return this.emissions.some((e) => e.functionName === functionName && e.version === version && e.at.getTime() >= start);
  }

  async countAliasInvocations(target: { readonly functionName: string; readonly alias: string }, version: string, since: Date): Promise<number> {
    this.check('countAliasInvocations');
    const start = Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS;
    const key = `${target.functionName}:${target.alias}:${version}`;
    return this.invocations.filter((i) => i.key === key && i.at.getTime() >= start).reduce((sum, i) => sum + i.count, 0);
  }

  /** Live requests that reached `version` through the alias. @example health.recordInvocations({ functionName: 'assistant', alias: 'live' }, '6', 40, clock.now()) */
  recordInvocations(target: { readonly functionName: string; readonly alias: string }, version: string, count: number, at: Date): void {
    this.invocations.push({ key: `${target.functionName}:${target.alias}:${version}`, count, at });
  }

  /** @example health.setAlarm('evalgate-rel-1-errors', 'ALARM', 'Threshold Crossed: 3 errors') */
  setAlarm(name: string, state: AlarmState['state'], reason = `${state.toLowerCase()} for the test`): void {
    this.alarms.set(name, { name, state, reason });
  }

  /** @example health.emitLiveScore('assistant', '6', clock.now()) */
  emitLiveScore(functionName: string, version: string, at: Date): void {
    this.emissions.push({ functionName, version, at });
  }
}
