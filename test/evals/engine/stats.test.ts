import { describe, expect, it } from 'vitest';
import { mcnemarOneSided, minimumDetectableRegressions, pairedBootstrapInterval, percentile, seedFrom } from '../../../evals/engine/stats';

/** C(n, k), exact for the small n used here. */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i += 1) c = (c * (n - k + i)) / i;
  return c;
}

/** P(X >= r) for X ~ Binomial(n, 1/2), summed term by term. */
const upperTail = (r: number, n: number) => Array.from({ length: n - r + 1 }, (_, i) => choose(n, r + i)).reduce((a, b) => a + b, 0) / 2 ** n;

/** n paired outcomes: the first `bothPass` pass on both sides, then `regressions`, then `fixes`, the rest fail on both. */
function pairs(n: number, bothPass: number, regressions: number, fixes = 0): [boolean[], boolean[]] {
  const baseline: boolean[] = [];
  const candidate: boolean[] = [];
  for (let i = 0; i < n; i += 1) {
    const kind = i < bothPass ? 'both' : i < bothPass + regressions ? 'regression' : i < bothPass + regressions + fixes ? 'fix' : 'neither';
    baseline.push(kind === 'both' || kind === 'regression');
    candidate.push(kind === 'both' || kind === 'fix');
  }
  return [baseline, candidate];
}

describe('mcnemarOneSided', () => {
  it.each([
    // [regressions, fixes, exact p]
    [5, 0, 1 / 32],
    [1, 0, 1 / 2],
    [3, 1, (choose(4, 3) + choose(4, 4)) / 16], // 5/16
    [10, 10, 0.5 + choose(20, 10) / 2 ** 21], // ~0.588
    [0, 0, 1],
    [0, 4, 1],
    [0, 30, 1],
    [20, 0, 1 / 2 ** 20],
    [15, 5, upperTail(15, 20)], // ~0.0207
    [12, 8, upperTail(12, 20)],
    [30, 5, upperTail(30, 35)],
    [60, 40, 0.028443966820490395], // exact, from BigInt arithmetic
    [100, 80, 0.07826573478907556], // exact, from BigInt arithmetic
  ])('gives p for %i regressions and %i fixes', (regressions, fixes, expected) => {
    // Act
    const p = mcnemarOneSided(regressions, fixes);

    // Assess
    expect(p).toBeCloseTo(expected, 10);
  });

  it('spells out the hand-computed values', () => {
    expect(mcnemarOneSided(5, 0)).toBeCloseTo(0.03125, 12);
    expect(mcnemarOneSided(3, 1)).toBeCloseTo(0.3125, 12);
    expect(mcnemarOneSided(10, 10)).toBeCloseTo(0.588, 3);
  });

  it('never exceeds 1 and falls as regressions outnumber fixes', () => {
    const ps = [0, 1, 2, 3, 4, 5, 6].map((r) => mcnemarOneSided(r, 6 - r));
    expect(ps.every((p) => p <= 1)).toBe(true);
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
  });
});

describe('minimumDetectableRegressions', () => {
  it.each([
    [5, 0.05, 5], // 2^-5 = 0.031 < 0.05, 2^-4 = 0.0625 is not
    [100, 0.05, 5],
    [4, 0.05, undefined],
    [0, 0.05, undefined],
    [7, 0.01, 7], // 2^-7 = 0.0078
    [6, 0.01, undefined],
    [2, 0.5, 2], // p must be strictly below alpha: one regression gives exactly 0.5
    [1, 0.5, undefined],
    [6, 1 / 32, 6], // 2^-5 equals alpha, so 5 are not enough
    [10, 0.1, 4], // 2^-4 = 0.0625
  ])('with %i pairs at alpha %s is %s', (pairsCount, alpha, expected) => {
    expect(minimumDetectableRegressions(pairsCount, alpha)).toBe(expected);
  });

  it('agrees with the McNemar test it predicts', () => {
    const needed = minimumDetectableRegressions(50, 0.05)!;
    expect(mcnemarOneSided(needed, 0)).toBeLessThan(0.05);
    expect(mcnemarOneSided(needed - 1, 0)).toBeGreaterThanOrEqual(0.05);
  });
});

describe('pairedBootstrapInterval', () => {
  const options = { confidence: 0.95, seed: seedFrom('quality') };

  it.each([
    ['identical sides', ...pairs(20, 12, 0)],
    ['both sides empty', [], []],
    ['mixed but identical per case', [true, false, true], [true, false, true]],
  ] as Array<[string, boolean[], boolean[]]>)('is [0, 0] for %s', (_, baseline, candidate) => {
    expect(pairedBootstrapInterval(baseline, candidate, options)).toEqual([0, 0]);
  });

  it('is a single point when every pair moved the same way', () => {
    expect(pairedBootstrapInterval(...pairs(10, 0, 10), options)).toEqual([-1, -1]);
  });

  it('is reproducible with the same seed', () => {
    // Prepare
    const [baseline, candidate] = pairs(30, 15, 6, 2);

    // Act
    const first = pairedBootstrapInterval(baseline, candidate, options);
    const second = pairedBootstrapInterval(baseline, candidate, options);

    // Assess
    expect(second).toEqual(first);
  });

  it('contains the observed delta', () => {
    // Prepare
    const [baseline, candidate] = pairs(40, 20, 8, 2);
    const observed = (candidate.filter(Boolean).length - baseline.filter(Boolean).length) / 40; // -0.15

    // Act
    const [low, high] = pairedBootstrapInterval(baseline, candidate, options);

    // Assess
    expect(low).toBeLessThanOrEqual(observed);
    expect(high).toBeGreaterThanOrEqual(observed);
    expect(low).toBeLessThan(high);
  });

  it('is narrower for more pairs with the same proportions', () => {
    // Prepare
    const small = pairs(20, 10, 4, 1);
    const large = pairs(400, 200, 80, 20);

    // Act
    const [smallLow, smallHigh] = pairedBootstrapInterval(...small, options);
    const [largeLow, largeHigh] = pairedBootstrapInterval(...large, options);

    // Assess
    expect(largeHigh - largeLow).toBeLessThan((smallHigh - smallLow) / 2);
    expect(largeLow).toBeLessThanOrEqual(-0.15);
    expect(largeHigh).toBeGreaterThanOrEqual(-0.15);
  });

  it('is wider at a higher confidence', () => {
    const data = pairs(40, 20, 8, 2);
    const [low90, high90] = pairedBootstrapInterval(...data, { ...options, confidence: 0.9 });
    const [low99, high99] = pairedBootstrapInterval(...data, { ...options, confidence: 0.99 });
    expect(high99 - low99).toBeGreaterThan(high90 - low90);
  });

  it('pairs only as many cases as the shorter side has', () => {
    expect(pairedBootstrapInterval([true, true, true], [true, true], options)).toEqual([0, 0]);
  });
});

describe('seedFrom', () => {
  it('is stable per label and differs between labels', () => {
    expect(seedFrom('quality')).toBe(seedFrom('quality'));
    expect(seedFrom('quality')).not.toBe(seedFrom('security'));
    expect(seedFrom('')).toBe(2166136261);
  });
});

describe('percentile', () => {
  it.each([
    [[10, 20, 30, 40], 0.5, 25],
    [[40, 10, 30, 20], 0.25, 17.5],
    [[10, 20, 30, 40], 0.9, 37],
    [[5], 0.95, 5],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 1, 5],
    [[1, 2, 3, 4, 5], 0.95, 4.8],
  ])('of %j at %s is %s', (values, q, expected) => {
    expect(percentile(values, q)).toBeCloseTo(expected, 12);
  });

  it('is undefined for an empty sample', () => {
    expect(percentile([], 0.95)).toBeUndefined();
  });

  it('leaves its input in place', () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});
