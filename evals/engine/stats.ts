/**
 * The statistics behind the comparison with the baseline. Distributions and quantiles come from
 * simple-statistics; the paired bootstrap uses a seeded generator so a report can be reproduced.
 */
import { binomialDistribution, quantile } from 'simple-statistics';

/**
 * One-sided exact McNemar test: the probability of seeing at least `regressions` of the discordant pairs go
 * the candidate's way down if candidate and baseline were equally good (Binomial(n, 1/2), n = regressions + fixes).
 *
 * @example
 * mcnemarOneSided(5, 0); // 0.03125: five regressions and no fixes
 */
export function mcnemarOneSided(regressions: number, fixes: number): number {
  const n = regressions + fixes;
  if (regressions === 0 || n === 0) return 1;
  // P(X >= r) = P(X <= n - r) by symmetry; the table of simple-statistics is complete from 0 upwards.
  const cells = binomialDistribution(n, 0.5) ?? [];
  let p = 0;
  for (let i = 0; i <= n - regressions && i < cells.length; i += 1) p += cells[i]!;
  return Math.min(1, p);
}

/**
 * The smallest number of regressions (with no fixes) a suite of `pairs` cases could flag at significance
 * `alpha`; undefined when even a regression on every case would not be significant.
 */
export function minimumDetectableRegressions(pairs: number, alpha: number): number | undefined {
  const needed = Math.ceil(Math.log(1 / alpha) / Math.LN2 + 1e-12);
  return needed <= pairs ? needed : undefined;
}

/** mulberry32: small, fast, seeded; good enough for resampling. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed from a label, so each suite's interval is reproducible. */
export function seedFrom(label: string): number {
  let hash = 2166136261;
  for (let i = 0; i < label.length; i += 1) hash = Math.imul(hash ^ label.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * Paired bootstrap interval of the pass-rate difference (candidate - baseline): cases are resampled with
 * replacement, keeping each case's pair together.
 */
export function pairedBootstrapInterval(
  baseline: readonly boolean[],
  candidate: readonly boolean[],
  options: { confidence: number; iterations?: number; seed: number },
): [number, number] {
  const n = Math.min(baseline.length, candidate.length);
  if (n === 0) return [0, 0];
  const diffs = Array.from({ length: n }, (_, i) => Number(candidate[i]) - Number(baseline[i]));
  if (diffs.every((d) => d === 0)) return [0, 0];
  const random = seededRandom(options.seed);
  const iterations = options.iterations ?? 2000;
  const deltas = new Array<number>(iterations);
  for (let b = 0; b < iterations; b += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += diffs[Math.floor(random() * n)]!;
    deltas[b] = sum / n;
  }
  const tail = (1 - options.confidence) / 2;
  return [quantile(deltas, tail), quantile(deltas, 1 - tail)];
}

/** Quantile of a sample (linear interpolation); undefined for an empty sample. */
export function percentile(values: readonly number[], q: number): number | undefined {
  return values.length === 0 ? undefined : quantile([...values], q);
}
