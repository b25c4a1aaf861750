import { describe, expect, it } from 'vitest';
import { expectedRouting } from '../../../functions/release/routing';

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
