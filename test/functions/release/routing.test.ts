import { describe, expect, it } from 'vitest';
import { expectedRouting, routesAs } from '../../../functions/release/routing';

describe('expectedRouting', () => {
  it.each([
    [0, { version: '7', additionalWeights: {} }],
    [5, { version: '7', additionalWeights: { '8': 0.05 } }],
    [25, { version: '7', additionalWeights: { '8': 0.25 } }],
    [100, { version: '8', additionalWeights: {} }],
  ])('routes %i%% to the candidate as %j', (weight, routing) => {
    expect(expectedRouting('7', '8', weight)).toEqual(routing);
  });

  it.each([[-1], [101], [2.5]])('fails when the weight is %s', (weight) => {
    expect(() => expectedRouting('7', '8', weight)).toThrow(`canary weight must be an integer between 0 and 100, got: ${weight}`);
  });

  it('fails when stable and candidate are the same version', () => {
    expect(() => expectedRouting('7', '7', 5)).toThrow('stable and candidate must be different versions, got: 7 for both');
  });
});

describe('routesAs', () => {
  const expected = { version: '7', additionalWeights: { '8': 0.25 } };
  it.each([
    [{ version: '7', additionalWeights: { '8': 0.25 } }, true],
    [{ version: '7', additionalWeights: { '8': 0.25 + 1e-12 } }, true],
    [{ version: '7', additionalWeights: { '8': 0.05 } }, false],
    [{ version: '8', additionalWeights: {} }, false],
    [{ version: '7', additionalWeights: { '9': 0.25 } }, false],
    [{ version: '7', additionalWeights: {} }, false],
  ])('%j routes as 7 + 25%% on 8: %s', (actual, same) => {
    expect(routesAs(actual, expected)).toBe(same);
  });
});
