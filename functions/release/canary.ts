/**
 * Canary analysis, kept apart from traffic shifting (as in Argo Rollouts): a health check reads alarms and the
 * clock and returns a verdict; the state machine routes on it. Degraded wins over everything, including an
 * unfinished bake: there is no point waiting out a bake on a version that is already failing.
 */
import type { Clock } from '../ports/clock';
import type { AlarmState, HealthSource } from '../ports/health-source';
import type { CanaryStep, HealthVerdict, Release } from './state';

export interface HealthEvent {
  readonly release: Release;
  readonly canary: CanaryStep;
  /** The bake time of the step the canary is at. */
  readonly bakeMs: number;
}

export interface HealthDeps {
  readonly healthSource: Pick<HealthSource, 'describeAlarms'>;
  readonly clock: Clock;
  /** The user's own alarms (EVALGATE_EXTRA_ALARMS), honoured like the per-release ones. */
  readonly extraAlarms: readonly string[];
}

/**
 * @example
 * bakeComplete('2025-01-01T10:00:00Z', new Date('2025-01-01T10:30:00Z'), 30 * 60_000); // true
 */
export function bakeComplete(shiftedAt: string | Date, now: Date, bakeMs: number): boolean {
  return now.getTime() - new Date(shiftedAt).getTime() >= bakeMs;
}

/**
 * INSUFFICIENT_DATA is not degraded: a 5% canary on a quiet function may see no traffic for a whole period,
 * and treating silence as failure would roll back every release made at night.
 *
 * @example
 * healthVerdict([{ name: 'errors', state: 'ALARM', reason: '3 errors' }]);
 * // { verdict: 'degraded', reasons: ['alarm errors is ALARM: 3 errors'] }
 */
export function healthVerdict(alarms: readonly AlarmState[]): Pick<HealthVerdict, 'verdict' | 'reasons'> {
  const reasons = alarms.filter((alarm) => alarm.state === 'ALARM').map((alarm) => `alarm ${alarm.name} is ALARM: ${alarm.reason}`);
  return { verdict: reasons.length > 0 ? 'degraded' : 'healthy', reasons };
}

/**
 * CheckHealth: the per-release alarms and the user's, after a bake interval. An alarm that no longer exists
 * counts as degraded: the canary would otherwise go on unwatched.
 *
 * @example
 * await checkHealth({ release, canary, bakeMs: 1_800_000 }, deps); // { verdict: 'healthy', bakeComplete: false, ... }
 */
export async function checkHealth(event: HealthEvent, deps: HealthDeps): Promise<HealthVerdict> {
  const names = [...new Set([...event.release.alarmNames, ...deps.extraAlarms])];
  const alarms = names.length === 0 ? [] : await deps.healthSource.describeAlarms(names);
  const found = new Set(alarms.map((alarm) => alarm.name));
  const missing = names.filter((name) => !found.has(name)).map((name) => `alarm ${name} does not exist`);
  const verdict = healthVerdict(alarms);
  const now = deps.clock.now();
  const reasons = [...verdict.reasons, ...missing];
  return {
    verdict: reasons.length > 0 ? 'degraded' : 'healthy',
    bakeComplete: bakeComplete(event.canary.shiftedAt, now, event.bakeMs),
    reasons,
    checkedAt: now.toISOString(),
  };
}
