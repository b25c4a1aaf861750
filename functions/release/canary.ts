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
  /**
   * The live requests the candidate must have served through the alias before its bake counts as complete: set on
   * the last step, so no candidate is promoted unobserved. Absent or 0: no minimum.
   */
  readonly minRequests?: number;
}

/** How long past its bake the last step waits for the minimum of live requests, as a multiple of the bake. */
export const TRAFFIC_WAIT_BAKES = 3;

export interface HealthDeps {
  readonly healthSource: Pick<HealthSource, 'describeAlarms' | 'countAliasInvocations'>;
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
  const baked = bakeComplete(event.canary.shiftedAt, now, event.bakeMs);
  if (reasons.length > 0) return { verdict: 'degraded', bakeComplete: baked, reasons, checkedAt: now.toISOString() };
  if (!baked || !event.minRequests) return { verdict: 'healthy', bakeComplete: baked, reasons, checkedAt: now.toISOString() };
  return observedEnough(event, deps, now);
}

/**
 * A healthy bake means nothing if the candidate served nobody: the alarms treat missing data as not breaching. It
 * completes once the candidate has served `minRequests` live requests since the release started; until then the
 * step goes on baking, for up to TRAFFIC_WAIT_BAKES more bakes, and past that the canary is degraded: a candidate
 * is never promoted unobserved.
 */
async function observedEnough(event: HealthEvent, deps: HealthDeps, now: Date): Promise<HealthVerdict> {
  const { release } = event;
  const minRequests = event.minRequests!;
  const served = await deps.healthSource.countAliasInvocations({ functionName: release.functionName, alias: release.alias }, release.candidateVersion, new Date(release.startedAt));
  const checkedAt = now.toISOString();
  if (served >= minRequests) return { verdict: 'healthy', bakeComplete: true, reasons: [`${served} live requests reached version ${release.candidateVersion} (at least ${minRequests})`], checkedAt };
  const figures = `${served} of the ${minRequests} live requests required reached version ${release.candidateVersion}`;
  if (bakeComplete(event.canary.shiftedAt, now, event.bakeMs * (1 + TRAFFIC_WAIT_BAKES))) {
    return { verdict: 'degraded', bakeComplete: true, reasons: [`too little traffic to judge the candidate: ${figures} in ${TRAFFIC_WAIT_BAKES + 1} bakes of the last step; not promoted unobserved`], checkedAt };
  }
  return { verdict: 'healthy', bakeComplete: false, reasons: [`baking on: ${figures}`], checkedAt };
}
