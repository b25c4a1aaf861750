/**
 * The part of CloudWatch metric math an alarm of the release uses, `IF(invocations > 0, errors / invocations, 0)`:
 * numbers, ids of the alarm's metric queries, + - * /, comparisons (1 or 0, as in CloudWatch) and IF(c, a, b),
 * parsed once into a closure rather than handed to eval(). A missing value (a period without data) makes the
 * result missing, except in the branch IF does not take; so does division by zero, which CloudWatch drops too.
 */

/** Evaluates the expression for one period; `value(id)` is the id's value in that period, if it has one. */
export type MetricExpression = (value: (id: string) => number | undefined) => number | undefined;

type Node = MetricExpression;

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|[-+*/(),<>]))/y;

const BINARY: Readonly<Record<string, (a: number, b: number) => number | undefined>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? undefined : a / b),
  '>': (a, b) => Number(a > b),
  '<': (a, b) => Number(a < b),
  '>=': (a, b) => Number(a >= b),
  '<=': (a, b) => Number(a <= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
};

const binary =
  (operator: string, left: Node, right: Node): Node =>
  (value) => {
    const a = left(value);
    const b = right(value);
    return a === undefined || b === undefined ? undefined : BINARY[operator]!(a, b);
  };

/**
 * @example
 * const errorRate = compileMetricExpression('IF(invocations > 0, errors / invocations, 0)', ['errors', 'invocations']);
 * errorRate((id) => ({ errors: 1, invocations: 4 })[id]); // 0.25
 */
export function compileMetricExpression(source: string, ids: readonly string[]): MetricExpression {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length && source.slice(TOKEN.lastIndex).trim() !== '') {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      const offset = source.length - source.slice(at).trimStart().length;
      throw new SyntaxError(`metric math '${source}': unexpected '${source[offset]}' at offset ${offset}`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3]!);
  }
  let position = 0;
  const fail = (expected: string): never => {
    throw new SyntaxError(`metric math '${source}': expected ${expected}, got: ${tokens[position] ?? 'the end'}`);
  };
  const take = (token: string): void => {
    if (tokens[position] !== token) fail(`'${token}'`);
    position += 1;
  };
  const level =
    (operators: readonly string[], next: () => Node, repeat: boolean) =>
    (): Node => {
      let node = next();
      while (operators.includes(tokens[position] ?? '')) {
        const operator = tokens[position++]!;
        node = binary(operator, node, next());
        if (!repeat) break;
      }
      return node;
    };
  const primary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) return fail('a value');
    if (/^\d/.test(token)) return () => Number(token);
    if (token === '(') {
      const inner = comparison();
      take(')');
      return inner;
    }
    if (token === '-') return binary('-', () => 0, primary());
    if (token === 'IF') {
      take('(');
      const condition = comparison();
      take(',');
      const whenTrue = comparison();
      take(',');
      const whenFalse = comparison();
      take(')');
      return (value) => {
        const test = condition(value);
        return test === undefined ? undefined : test !== 0 ? whenTrue(value) : whenFalse(value);
      };
    }
    if (/^[A-Za-z_]/.test(token) && ids.includes(token)) return (value) => value(token);
    position -= 1;
    return fail(`a number, IF(...) or one of the ids ${ids.join(', ')}`);
  };
  const product = level(['*', '/'], primary, true);
  const sum = level(['+', '-'], product, true);
  const comparison = level(['>', '<', '>=', '<=', '==', '!='], sum, false);
  const expression = comparison();
  if (position < tokens.length) fail('the end');
  return expression;
}
