/** Weighted routing of an alias between two versions (Argo Rollouts' setWeight / verifyWeight). */
export interface AliasTarget {
  readonly functionName: string;
  readonly alias: string;
}

export interface AliasRouting {
  /** The alias's primary version. */
  readonly version: string;
  /** Extra versions and their share of traffic in [0, 1]. */
  readonly additionalWeights: Readonly<Record<string, number>>;
}

export interface TrafficRouter {
  getRouting(target: AliasTarget): Promise<AliasRouting>;
  /**
   * Sends `weight` percent (0-100) of the alias's traffic to `candidate`, the rest to `stable`.
   * 0 means all on stable, 100 means all on candidate: both leave no additional weights (never split).
   */
  setWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<void>;
  /** Reads the alias back: true when it routes exactly as {@link setWeight} with the same arguments would. */
  verifyWeight(target: AliasTarget, stable: string, candidate: string, weight: number): Promise<boolean>;
}
