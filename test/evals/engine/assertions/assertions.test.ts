import { gradeCase } from '../../../../evals/engine/runner/grade';
import { parseSuite } from '../../../../evals/engine/suite/load';
import { describe, expect, it } from 'vitest';
import { AssertionRegistry, BUILTIN_ASSERTIONS, defaultRegistry } from '../../../../evals/engine/assertions/registry';
import { equals } from '../../../../evals/engine/assertions/equals';
import { ASSERTION_TYPES, AssertionValueError, type CompileOptions, type Grader } from '../../../../evals/engine/assertions/types';
import type { AssertionContext, GradingResult, JudgeModel } from '../../../../evals/engine/types';

/** Builds a grader the way a suite does: resolve, validate the value, compile (negation applied centrally). */
function graderFor(type: string, value: unknown, options: CompileOptions = {}): Grader {
  const resolved = defaultRegistry.resolve(type);
  if (!resolved) throw new Error(`no handler for ${type}`);
  return defaultRegistry.compile(resolved.handler, resolved.handler.value.parse(value), resolved.negate, options);
}

const context = (output: string, extra: Partial<AssertionContext> = {}): AssertionContext => ({
  output,
  input: 'the question',
  vars: {},
  latencyMs: 100,
  ...extra,
});

/** A judge that answers with a fixed grade and remembers what it was asked. */
class FakeJudge implements JudgeModel {
  readonly modelId = 'fake.judge-2024-01-01';
  readonly requests: Array<{ rubric: string; output: string; input: string }> = [];
  constructor(private readonly answer: GradingResult) {}
  async grade(request: { rubric: string; output: string; input: string }): Promise<GradingResult> {
    this.requests.push(request);
    return this.answer;
  }
}

const PERSON = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[A-Z]' },
    // prefixItems only exists from draft 2020-12 on.
    tags: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
    email: { type: 'string', format: 'email' },
  },
  additionalProperties: false,
};
const HAS_NUMBER_N = { type: 'object', required: ['n'], properties: { n: { type: 'number' } } };

interface Row {
  readonly type: string;
  readonly value: unknown;
  readonly output: string;
  readonly extra?: Partial<AssertionContext>;
  readonly pass: boolean;
  readonly score?: number;
  readonly reason?: string | RegExp;
}

const rows: Row[] = [
  // equals
  { type: 'equals', value: 'Paris', output: '  Paris\n', pass: true, reason: "output equals 'Paris'" },
  { type: 'equals', value: 42, output: '42', pass: true },
  { type: 'equals', value: 'Paris', output: 'paris', pass: false, reason: "output 'paris' does not equal 'Paris'" },
  { type: 'equals', value: 'Paris', output: 'Paris, France', pass: false },
  // contains / icontains
  { type: 'contains', value: '4.2M', output: 'Revenue up 32% to $4.2M', pass: true, reason: "output contains '4.2M'" },
  { type: 'contains', value: 'Revenue', output: 'revenue grew', pass: false, reason: "output does not contain 'Revenue'" },
  { type: 'contains', value: 32, output: 'up 32%', pass: true },
  { type: 'icontains', value: 'REVENUE', output: 'revenue grew', pass: true, reason: "output contains 'REVENUE'" },
  { type: 'icontains', value: 'profit', output: 'revenue grew', pass: false, reason: "output does not contain 'profit'" },
  // contains-any / icontains-any
  { type: 'contains-any', value: ['refund', 'return'], output: 'you can return it', pass: true, reason: "output contains 'return'" },
  { type: 'contains-any', value: ['refund', 'return'], output: 'you can RETURN it', pass: false, reason: "output contains none of 'refund', 'return'" },
  { type: 'icontains-any', value: ['refund', 'return'], output: 'you can RETURN it', pass: true, reason: "output contains 'return'" },
  { type: 'icontains-any', value: ['refund', 'return'], output: 'no luck', pass: false, score: 0 },
  // contains-all / icontains-all, with partial credit
  { type: 'contains-all', value: ['30 days', 'receipt'], output: 'within 30 days with a receipt', pass: true, score: 1, reason: 'output contains all 2 values' },
  { type: 'contains-all', value: ['a', 'b', 'c'], output: 'a and b', pass: false, score: 2 / 3, reason: "output is missing 'c'" },
  { type: 'contains-all', value: ['x', 'y', 'z', 'w'], output: 'x alone', pass: false, score: 1 / 4, reason: "output is missing 'y', 'z', 'w'" },
  { type: 'contains-all', value: ['Receipt'], output: 'receipt', pass: false, score: 0 },
  { type: 'icontains-all', value: ['Receipt', 'DAYS'], output: 'a receipt within 30 days', pass: true, score: 1 },
  { type: 'icontains-all', value: ['Receipt', 'refund'], output: 'a RECEIPT', pass: false, score: 0.5, reason: "output is missing 'refund'" },
  // starts-with
  { type: 'starts-with', value: 'Verdict:', output: '  Verdict: SPAM - phishing', pass: true, reason: "output starts with 'Verdict:'" },
  { type: 'starts-with', value: 'Verdict:', output: 'Hello there', pass: false, reason: "output starts with 'Hello there', not 'Verdict:'" },
  // regex
  { type: 'regex', value: '\\d+', output: 'abc 123', pass: true, reason: "output matches /\\d+/ at '123'" },
  { type: 'regex', value: '^Verdict: (SPAM|NOT SPAM) - ', output: 'Verdict: maybe', pass: false, reason: 'output does not match /^Verdict: (SPAM|NOT SPAM) - /' },
  { type: 'regex', value: 'abc', output: 'ABC', pass: false },
  // is-json
  { type: 'is-json', value: undefined, output: ' {"a": 1}\n', pass: true, reason: 'output is valid JSON' },
  { type: 'is-json', value: undefined, output: '[1, 2]', pass: true },
  { type: 'is-json', value: undefined, output: 'Here it is: {"a": 1}', pass: false, reason: /^output is not JSON: / },
  { type: 'is-json', value: undefined, output: '{"a":', pass: false, reason: 'output is not JSON: Unexpected end of JSON input' },
  { type: 'is-json', value: PERSON, output: '{"name": "Ada"}', pass: true },
  { type: 'is-json', value: PERSON, output: '{"name": "ada"}', pass: false, reason: 'output JSON fails the schema: /name must match pattern "^[A-Z]"' },
  // contains-json
  { type: 'contains-json', value: undefined, output: 'Sure! Here you go: {"a": 1}. Anything else?', pass: true, reason: 'output contains valid JSON' },
  { type: 'contains-json', value: undefined, output: 'x {"s": "a } b { c", "n": 2} y', pass: true },
  { type: 'contains-json', value: undefined, output: 'x {"s": "a \\" } b"} y', pass: true },
  { type: 'contains-json', value: undefined, output: 'Use { for blocks. Result: {"a":1}', pass: true },
  { type: 'contains-json', value: undefined, output: 'list [1, 2] here', pass: true },
  { type: 'contains-json', value: undefined, output: 'no json {here} at all', pass: false, reason: 'output contains no JSON object or array' },
  { type: 'contains-json', value: HAS_NUMBER_N, output: 'First {"n": "x"}, then {"s": "}", "n": 3} done', pass: true },
  { type: 'contains-json', value: HAS_NUMBER_N, output: 'a {"n": "x"} b {"m": 1}', pass: false, reason: 'output JSON fails the schema: /n must be number' },
  { type: 'contains-json', value: HAS_NUMBER_N, output: 'nothing here', pass: false, reason: 'output contains no JSON object or array' },
  // json-schema (draft 2020-12)
  { type: 'json-schema', value: PERSON, output: '{"name": "Ada", "tags": ["math"], "email": "ada@example.com"}', pass: true, reason: 'output matches the JSON schema' },
  { type: 'json-schema', value: PERSON, output: '{"email": "ada@example.com"}', pass: false, reason: "output JSON fails the schema: the document must have required property 'name'" },
  { type: 'json-schema', value: PERSON, output: '{"name": "ada"}', pass: false, reason: 'output JSON fails the schema: /name must match pattern "^[A-Z]"' },
  { type: 'json-schema', value: PERSON, output: '{"name": "Ada", "age": 36}', pass: false, reason: 'output JSON fails the schema: the document must NOT have additional properties' },
  { type: 'json-schema', value: PERSON, output: '{"name": "Ada", "tags": ["a", "b"]}', pass: false, reason: 'output JSON fails the schema: /tags must NOT have more than 1 items' },
  { type: 'json-schema', value: PERSON, output: '{"name": "Ada", "email": "nope"}', pass: false, reason: 'output JSON fails the schema: /email must match format "email"' },
  { type: 'json-schema', value: PERSON, output: '{"nome": "Ada"}', pass: false, reason: "output JSON fails the schema: the document must have required property 'name' (+1 more)" },
  { type: 'json-schema', value: PERSON, output: 'Sure: {"name": "Ada"}', pass: false, reason: /^output is not JSON: / },
  // max-words / max-chars
  { type: 'max-words', value: 5, output: '  one two\n three  ', pass: true, reason: 'output has 3 words (max 5)' },
  { type: 'max-words', value: 5, output: 'one two three four five', pass: true },
  { type: 'max-words', value: 5, output: 'one two three four five six', pass: false, reason: 'output has 6 words (max 5)' },
  { type: 'max-words', value: 1, output: '   ', pass: true, reason: 'output has 0 words (max 1)' },
  { type: 'max-chars', value: 10, output: '0123456789', pass: true, reason: 'output has 10 characters (max 10)' },
  { type: 'max-chars', value: 10, output: '0123456789!', pass: false, reason: 'output has 11 characters (max 10)' },
  // latency (rounded to whole milliseconds)
  { type: 'latency', value: 500, output: 'x', extra: { latencyMs: 499.6 }, pass: true, reason: 'latency 500 ms (max 500 ms)' },
  { type: 'latency', value: 500, output: 'x', extra: { latencyMs: 501 }, pass: false, reason: 'latency 501 ms (max 500 ms)' },
  // cost
  { type: 'cost', value: 0.01, output: 'x', extra: { costUsd: 0.002 }, pass: true, reason: 'cost $0.002000 (max $0.01)' },
  { type: 'cost', value: 0.01, output: 'x', extra: { costUsd: 0.01 }, pass: true },
  { type: 'cost', value: 0.01, output: 'x', extra: { costUsd: 0.0125 }, pass: false, reason: 'cost $0.012500 (max $0.01)' },
  // llm-rubric
  { type: 'llm-rubric', value: 'is polite', output: 'x', extra: { judge: new FakeJudge({ pass: true, score: 0.9, reason: 'fine' }) }, pass: true, score: 0.9, reason: 'judge fake.judge-2024-01-01: fine' },
  { type: 'llm-rubric', value: 'is polite', output: 'x', extra: { judge: new FakeJudge({ pass: false, score: 0.2, reason: 'rude' }) }, pass: false, score: 0.2, reason: 'judge fake.judge-2024-01-01: rude' },
  // not- negation flips pass and score, keeps the reason
  { type: 'not-contains', value: 'ESC-7731', output: 'all good', pass: true, score: 1, reason: "output does not contain 'ESC-7731'" },
  { type: 'not-contains', value: 'ESC-7731', output: 'ticket ESC-7731', pass: false, score: 0, reason: "output contains 'ESC-7731'" },
  { type: 'not-icontains', value: 'pwned', output: 'PWNED', pass: false, score: 0 },
  { type: 'not-icontains-any', value: ['rival', 'competitor'], output: 'we are great', pass: true, score: 1 },
  { type: 'not-contains-all', value: ['a', 'b', 'c'], output: 'a and b', pass: true, score: 1 / 3 },
  { type: 'not-regex', value: 'sk-[A-Za-z0-9]{8}', output: 'key sk-abcdefgh1', pass: false, score: 0 },
  { type: 'not-equals', value: 'Paris', output: 'Lyon', pass: true, score: 1 },
  { type: 'not-is-json', value: undefined, output: 'plain prose', pass: true, score: 1 },
  { type: 'not-max-words', value: 2, output: 'one two three', pass: true, score: 1, reason: 'output has 3 words (max 2)' },
  { type: 'not-llm-rubric', value: 'mentions a competitor', output: 'x', extra: { judge: new FakeJudge({ pass: false, score: 0.25, reason: 'no competitor' }) }, pass: true, score: 0.75 },
];

describe('assertion types', () => {
  it.each(rows)('$type $value on $output -> pass $pass', async ({ type, value, output, extra, pass, score, reason }) => {
    // Prepare
    const grade = graderFor(type, value);

    // Act
    const outcome = await grade(context(output, extra));

    // Assess
    expect(outcome.pass).toBe(pass);
    expect(outcome.score).toBeCloseTo(score ?? (pass ? 1 : 0), 12);
    if (typeof reason === 'string') expect(outcome.reason).toBe(reason);
    else if (reason) expect(outcome.reason).toMatch(reason);
  });

  it('covers every type in ASSERTION_TYPES with a passing and a failing row', () => {
    const covered = (pass: boolean) => new Set(rows.filter((r) => r.pass === pass && !r.type.startsWith('not-')).map((r) => r.type));
    expect([...ASSERTION_TYPES].filter((t) => !covered(true).has(t))).toEqual([]);
    expect([...ASSERTION_TYPES].filter((t) => !covered(false).has(t))).toEqual([]);
  });

  it('grades deterministic types synchronously', () => {
    expect(graderFor('contains', 'a')(context('a'))).toEqual({ pass: true, score: 1, reason: "output contains 'a'" });
    expect(graderFor('not-contains', 'a')(context('a'))).toEqual({ pass: false, score: 0, reason: "output contains 'a'" });
  });
});

describe('llm-rubric', () => {
  it('sends the rubric, output and input to the judge', async () => {
    // Prepare
    const judge = new FakeJudge({ pass: true, score: 1, reason: 'ok' });
    const grade = graderFor('llm-rubric', 'answers politely');

    // Act
    await grade(context('Happy to help!', { input: 'Can you help?', judge }));

    // Assess
    expect(judge.requests).toEqual([{ rubric: 'answers politely', output: 'Happy to help!', input: 'Can you help?' }]);
  });

  it.each([
    // [judge pass, judge score, threshold, expected pass]
    [false, 0.7, 0.6, true],
    [true, 0.5, 0.8, false],
    [false, 0.6, 0.6, true],
    [true, 0.59, 0.6, false],
  ])('with judge pass %s and score %s, threshold %s decides pass = %s', async (judgePass, score, threshold, expected) => {
    // Prepare
    const judge = new FakeJudge({ pass: judgePass, score, reason: 'graded' });
    const grade = graderFor('llm-rubric', 'is helpful', { threshold });

    // Act
    const outcome = await grade(context('x', { judge }));

    // Assess
    expect(outcome).toEqual({ pass: expected, score, reason: 'judge fake.judge-2024-01-01: graded' });
  });
});

describe('assertion values', () => {
  it.each([
    ['equals', undefined],
    ['equals', { a: 1 }],
    ['contains', ''],
    ['contains', undefined],
    ['icontains', ['a']],
    ['contains-any', []],
    ['contains-all', ['']],
    ['icontains-all', 'a'],
    ['starts-with', ''],
    ['regex', ''],
    ['is-json', 'object'],
    ['contains-json', ['a']],
    ['json-schema', undefined],
    ['max-words', -3],
    ['max-words', 0],
    ['max-words', 2.5],
    ['max-words', '5'],
    ['max-chars', 0],
    ['latency', 0],
    ['latency', '100ms'],
    ['cost', -0.01],
    ['llm-rubric', 'ok'],
    ['llm-rubric', undefined],
  ])('fails when %s is given %j', (type, value) => {
    // Prepare
    const resolved = defaultRegistry.resolve(type)!;

    // Act
    const parsed = resolved.handler.value.safeParse(value);

    // Assess
    expect(parsed.success).toBe(false);
  });

  it.each([
    ['contains', 7, '7'],
    ['equals', 3.5, '3.5'],
    ['contains-any', ['a', 2], ['a', '2']],
    ['is-json', undefined, undefined],
    ['cost', 0, 0],
  ])('accepts %s with %j as %j', (type, value, expected) => {
    expect(defaultRegistry.resolve(type)!.handler.value.parse(value)).toEqual(expected);
  });

  it.each([
    ['regex', '(', /^invalid regular expression: /],
    ['regex', '[a-', /^invalid regular expression: /],
    ['json-schema', { type: 'nonsense' }, /^invalid JSON schema: /],
    ['is-json', { type: 'object', required: 'name' }, /^invalid JSON schema: /],
    ['contains-json', { type: 'object', minProperties: -1 }, /^invalid JSON schema: /],
  ])('fails when %s is compiled with %j', (type, value, message) => {
    // Prepare
    const resolved = defaultRegistry.resolve(type)!;
    const parsed = resolved.handler.value.parse(value);

    // Act (once: Ajv caches a schema object before validating it, so a second compile of the same object differs)
    let caught: unknown;
    try {
      defaultRegistry.compile(resolved.handler, parsed, resolved.negate, {});
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(AssertionValueError);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('AssertionRegistry', () => {
  it.each(ASSERTION_TYPES)('resolves %s and not-%s', (type) => {
    expect(defaultRegistry.resolve(type)).toMatchObject({ handler: { type }, negate: false });
    expect(defaultRegistry.resolve(`not-${type}`)).toMatchObject({ handler: { type }, negate: true });
  });

  it.each(['contians', 'not-contians', 'not-', 'not-not-contains', 'Contains', ''])('resolves unknown type %j to undefined', (type) => {
    expect(defaultRegistry.resolve(type)).toBeUndefined();
  });

  it('allows every type and its negation', () => {
    expect(defaultRegistry.allowedTypes).toHaveLength(ASSERTION_TYPES.length * 2);
    expect(defaultRegistry.allowedTypes).toEqual(expect.arrayContaining(['llm-rubric', 'not-llm-rubric', 'contains', 'not-contains']));
  });

  it('fails when a type is registered twice', () => {
    expect(() => new AssertionRegistry([...BUILTIN_ASSERTIONS, equals])).toThrow("assertion type 'equals' is registered twice");
  });

  it('fails when a type has no handler', () => {
    // Prepare
    const withoutTwo = BUILTIN_ASSERTIONS.filter((h) => h.type !== 'cost' && h.type !== 'regex');

    // Act
    const act = () => new AssertionRegistry(withoutTwo);

    // Assess
    expect(act).toThrow('assertion types without a handler: regex, cost');
  });

  it('has exactly one built-in handler per type', () => {
    expect(BUILTIN_ASSERTIONS.map((h) => h.type).sort()).toEqual([...ASSERTION_TYPES].sort());
  });
});

describe('assertions that cannot be graded', () => {
  it.each([
    ['cost', 0.01, /target reported no cost/],
    ['not-cost', 0.01, /target reported no cost/],
    ['llm-rubric', 'is polite', /no judge model configured/],
    ['not-llm-rubric', 'is polite', /no judge model configured/],
  ])('%s fails the case whatever its negation says', async (type, value, reason) => {
    // Prepare: a case graded through the runner's grading, without cost and without a judge.
    const suite = parseSuite('s.yaml', `suite: s\ncases:\n  - { id: a, input: x, assert: [{ type: ${type}, value: ${JSON.stringify(value)} }] }`);

    // Act
    const graded = await gradeCase(suite.cases[0]!, context('x'));

    // Assess
    expect(graded.pass).toBe(false);
    expect(graded.assertions[0]).toMatchObject({ pass: false, score: 0 });
    expect(graded.assertions[0]!.reason).toMatch(reason);
  });
});
