/** CloudWatch alarms of a release and the live-score metrics the candidate emits. */
export interface ReleaseAlarmRequest {
  readonly releaseId: string;
  readonly functionName: string;
  readonly alias: string;
  readonly candidateVersion: string;
}

export interface AlarmState {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly reason: string;
}

export interface HealthSource {
  /** Creates the per-release alarms on the candidate version (error rate, p99 duration, live eval score). */
  createReleaseAlarms(request: ReleaseAlarmRequest): Promise<string[]>;
  /** Deletes alarms; names that no longer exist are ignored (idempotent). */
  deleteAlarms(names: readonly string[]): Promise<void>;
  describeAlarms(names: readonly string[]): Promise<AlarmState[]>;
  /** Whether `version` emitted live eval-score metrics since `since` (the gate's observability check). */
  hasLiveScoreMetrics(functionName: string, version: string, since: Date): Promise<boolean>;
  /**
   * Invocations of `version` through the alias since `since` (the minute containing it counts): the canary's live
   * traffic. The eval run invokes the version directly, which is not counted.
   */
  countAliasInvocations(target: { readonly functionName: string; readonly alias: string }, version: string, since: Date): Promise<number>;
}
