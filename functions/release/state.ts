/**
 * What the release state machine carries between states. Small by design (principle 6): eval results live in
 * the reports bucket and the state holds summaries and keys. Each task result lands under its own key
 * (`$.release`, `$.gate`, `$.canary`, `$.health` ...) through the task's ResultPath.
 */

export type ChangeKind = 'code' | 'prompt' | 'model';
export type ChangeSource = 'codepipeline' | 'manual' | 'appconfig';

export interface ModelPins {
  readonly modelId: string;
  readonly fallbackModelId?: string;
}

/** `$.release`: written by Prepare, read by every later task. */
export interface Release {
  /** The execution name: unique per release. */
  readonly releaseId: string;
  readonly functionName: string;
  readonly alias: string;
  readonly stableVersion: string;
  readonly candidateVersion: string;
  readonly change: {
    readonly source: ChangeSource;
    readonly kind: ChangeKind;
    readonly commit?: string;
    readonly testReport?: string;
  };
  /** For a model-pin change: the configuration versions to deploy and, on rollback, to revert to. */
  readonly pins?: {
    readonly configurationVersion: string;
    readonly previousConfigurationVersion?: string;
    readonly proposed: ModelPins;
    readonly previous: ModelPins;
  };
  /** The candidate's code hash, the key of its unit-test evidence. */
  readonly codeSha256: string;
  readonly startedAt: string;
  /** Per-release CloudWatch alarms on the candidate version, removed when the release ends. */
  readonly alarmNames: readonly string[];
  /** The eval shards RunEvals maps over. */
  readonly evalShards: readonly EvalShard[];
}

export interface EvalShard {
  readonly suite: string;
  /** Index of the shard within its suite, and the case range [from, to). */
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

/** One item of `$.evals`: a shard's summary; the full results are at `key` in the reports bucket. */
export interface ShardSummary {
  readonly suite: string;
  readonly index: number;
  readonly key: string;
  readonly cases: number;
  readonly candidatePassed: number;
  readonly baselinePassed: number;
  readonly errors: number;
  /** When the shard's run ended (ISO 8601): the gate waits for the live scores it emitted from the last one. */
  readonly finishedAt?: string;
}

/** `$.unitTests` */
export interface TestEvidence {
  readonly source: 's3-junit' | 'codebuild' | 'recorded';
  readonly reference: string;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

/** `$.gate` */
export interface GateOutcome {
  readonly decision: 'pass' | 'block' | 'inconclusive';
  readonly reasons: readonly string[];
  readonly reportKey: string;
  readonly suites: ReadonlyArray<{ readonly suite: string; readonly passRate: number; readonly minPassRate: number; readonly decision: string }>;
}

/** `$.canary` */
export interface CanaryStep {
  readonly step: number;
  readonly weight: number;
  readonly shiftedAt: string;
}

/** `$.health` */
export interface HealthVerdict {
  readonly verdict: 'healthy' | 'degraded';
  readonly bakeComplete: boolean;
  readonly reasons: readonly string[];
  readonly checkedAt: string;
}

/**
 * `aborted`: the execution was stopped (StopExecution, by an operator or `evalgate abort`) or timed out, so no
 * Catch or Finalize ran, and the reconciler (functions/release/reconcile.ts) brought the release to its end.
 */
export type ReleaseOutcome = 'promoted' | 'blocked' | 'rolled-back' | 'refused' | 'failed' | 'aborted';

/** What every terminal path writes (DynamoDB and the reports bucket) and notifies. */
export interface ReleaseRecord {
  readonly releaseId: string;
  readonly functionName: string;
  readonly alias: string;
  readonly outcome: ReleaseOutcome;
  readonly reasons: readonly string[];
  readonly input: unknown;
  readonly release?: Release;
  readonly gate?: GateOutcome;
  readonly health?: HealthVerdict;
  readonly startedAt?: string;
  readonly endedAt: string;
  readonly durationMs?: number;
}
