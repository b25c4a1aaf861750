import { describe, expect, it } from 'vitest';
import { compileMetricExpression } from '../../../../lib/local-stage/services/metric-math';

const ERROR_RATE = 'IF(invocations > 0, errors / invocations, 0)';
const values = (known: Record<string, number>) => (id: string) => known[id];

describe('compileMetricExpression', () => {
  it.each([
    [ERROR_RATE, { errors: 1, invocations: 4 }, 0.25],
    [ERROR_RATE, { errors: 0, invocations: 0 }, 0],
    [ERROR_RATE, { errors: 0, invocations: 10 }, 0],
    // The branch IF does not take may lack data.
    [ERROR_RATE, { invocations: 0 }, 0],
    [ERROR_RATE, { errors: 2 }, undefined],
    [ERROR_RATE, { invocations: 5 }, undefined],
    ['errors / invocations', { errors: 1, invocations: 0 }, undefined],
    ['100 * errors / invocations', { errors: 1, invocations: 8 }, 12.5],
    ['errors + invocations * 2 - 1', { errors: 1, invocations: 3 }, 6],
    ['(errors + invocations) * 2', { errors: 1, invocations: 3 }, 8],
    ['-errors + 1', { errors: 3 }, -2],
    ['errors >= 2', { errors: 2 }, 1],
    ['errors != 2', { errors: 2 }, 0],
    ['IF(errors, 1.5e2, 7)', { errors: 0 }, 7],
    ['IF(invocations<=0,0,IF(errors>1,errors,0))', { errors: 3, invocations: 1 }, 3],
  ])('%s with %j is %s', (expression, known, expected) => {
    const evaluate = compileMetricExpression(expression, ['errors', 'invocations']);

    expect(evaluate(values(known))).toBe(expected);
  });

  it.each([
    ['errors / throttles', "expected a number, IF(...) or one of the ids errors, invocations, got: throttles"],
    ['IF(errors > 0, 1)', "expected ',', got: )"],
    ['errors /', 'expected a value, got: the end'],
    ['errors errors', 'expected the end, got: errors'],
    ['errors ^ 2', "unexpected '^' at offset 7"],
    ['process.exit(1)', "unexpected '.' at offset 7"],
    ['exit(1)', 'expected a number, IF(...) or one of the ids errors, invocations, got: exit'],
  ])('fails when the expression is %s', (expression, message) => {
    expect(() => compileMetricExpression(expression, ['errors', 'invocations'])).toThrow(`metric math '${expression}': ${message}`);
  });
});
