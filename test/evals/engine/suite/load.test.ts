import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigFileError, type ConfigProblem } from '../../../../evals/engine/config/yaml-source';
import { loadSuite, parseSuite, suitePath } from '../../../../evals/engine/suite/load';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** The problems a suite text is refused with, as `line:column path: message`. */
function problemsOf(text: string, file = 'suite.yaml'): ConfigProblem[] {
  try {
    parseSuite(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return [...(error as ConfigFileError).problems];
  }
  throw new Error('expected the suite to be refused');
}
const located = (p: ConfigProblem) => `${p.line}:${p.column} ${p.path}`;

const VALID = yaml(
  'suite: quality',
  'description: Quality checks',
  'defaults:',
  '  threshold: 0.5',
  '  assert:',
  '    - { type: not-contains, value: SECRET, weight: 3, online: true }',
  'cases:',
  '  - id: greet',
  '    description: says hello',
  '    input: Say hello',
  '    vars: { lang: fr }',
  '    tags: [smoke, greeting]',
  '    assert:',
  '      - { type: icontains, value: hello, weight: 2 }',
  '      - { type: max-words, value: 5 }',
  '  - id: only-defaults',
  '    input: anything',
  '    threshold: 0.9',
);

describe('parseSuite', () => {
  it('compiles a valid suite with defaults in front of case assertions', () => {
    // Act
    const suite = parseSuite('quality.yaml', VALID);

    // Assess
    expect(suite).toMatchObject({ name: 'quality', version: 1, scoring: 'cases', description: 'Quality checks', file: 'quality.yaml' });
    const [greet, onlyDefaults] = suite.cases;
    expect(greet).toMatchObject({ suite: 'quality', id: 'greet', input: 'Say hello', vars: { lang: 'fr' }, tags: ['smoke', 'greeting'], threshold: 0.5 });
    expect(greet!.assertions.map(({ type, weight, online }) => ({ type, weight, online }))).toEqual([
      { type: 'not-contains', weight: 3, online: true },
      { type: 'icontains', weight: 2, online: false },
      { type: 'max-words', weight: 1, online: false },
    ]);
    expect(onlyDefaults).toMatchObject({ id: 'only-defaults', vars: {}, tags: [], threshold: 0.9 });
    expect(onlyDefaults!.assertions.map((a) => a.type)).toEqual(['not-contains']);
  });

  it('compiles graders that grade, negation included', async () => {
    // Prepare
    const [secret, hello] = parseSuite('quality.yaml', VALID).cases[0]!.assertions;
    const context = { output: 'HELLO, the SECRET is out', input: 'Say hello', vars: {}, latencyMs: 1 };

    // Act
    const outcomes = await Promise.all([secret!.grade(context), hello!.grade(context)]);

    // Assess
    expect(outcomes).toEqual([
      { pass: false, score: 0, reason: "output contains 'SECRET'" },
      { pass: true, score: 1, reason: "output contains 'hello'" },
    ]);
  });

  it('takes version and scoring from the file', () => {
    // Act
    const suite = parseSuite('s.yaml', yaml('suite: s', 'version: 3', 'scoring: checks', 'cases:', '  - { id: a, input: x, assert: [{ type: equals, value: x }] }'));

    // Assess
    expect(suite).toMatchObject({ version: 3, scoring: 'checks' });
    expect(suite).not.toHaveProperty('description');
    expect(suite.cases[0]).not.toHaveProperty('threshold');
  });

  it('passes an assertion threshold on to llm-rubric', async () => {
    // Prepare
    const suite = parseSuite('s.yaml', yaml('suite: s', 'cases:', '  - { id: a, input: x, assert: [{ type: llm-rubric, value: is polite, threshold: 0.4 }] }'));
    const judge = { modelId: 'fake.judge-2024-01-01', grade: async () => ({ pass: false, score: 0.5, reason: 'meh' }) };

    // Act
    const outcome = await suite.cases[0]!.assertions[0]!.grade({ output: 'x', input: 'x', vars: {}, latencyMs: 1, judge });

    // Assess
    expect(outcome.pass).toBe(true);
  });

  it.each([
    [
      'an assertion type is unknown',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - type: contians', '        value: x'),
      '6:15 cases[0].assert[0].type',
      /^unknown assertion type 'contians', did you mean 'contains'\? Allowed: equals, contains, .*llm-rubric \(each also as not-<type>\)$/,
    ],
    [
      'a negated assertion type is unknown',
      yaml('suite: q', 'cases:', '  - { id: one, input: hi, assert: [{ type: not-contans, value: x }] }'),
      '3:44 cases[0].assert[0].type',
      /^unknown assertion type 'not-contans', did you mean 'not-contains'\?/,
    ],
    [
      'a key is unknown',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    inptu: hello', '    assert: [{ type: contains, value: x }]'),
      '5:5 cases[0].inptu',
      "unknown key 'inptu', did you mean 'input'? Allowed: id, description, input, vars, tags, threshold, assert",
    ],
    [
      'an assertion key is unknown',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: contains, valeu: x }'),
      '6:27 cases[0].assert[0].valeu',
      "unknown key 'valeu', did you mean 'value'? Allowed: type, value, weight, threshold, online",
    ],
    [
      'the input is missing',
      yaml('suite: q', 'cases:', '  - id: one', '    assert: [{ type: contains, value: x }]'),
      '3:5 cases[0].input',
      'is required (string)',
    ],
    [
      'the input is empty',
      yaml('suite: q', 'cases:', '  - id: one', '    input: ""', '    assert: [{ type: contains, value: x }]'),
      '4:12 cases[0].input',
      'input must not be empty',
    ],
    ['there are no cases', yaml('suite: q', 'cases: []'), '2:8 cases', 'a suite needs at least one case'],
    [
      'a case id is used twice',
      yaml(
        'suite: q',
        'cases:',
        '  - { id: one, input: a, assert: [{ type: contains, value: a }] }',
        '  - { id: two, input: b, assert: [{ type: contains, value: b }] }',
        '  - { id: one, input: c, assert: [{ type: contains, value: c }] }',
      ),
      '5:11 cases[2].id',
      "duplicate case id 'one' (first used by cases[0])",
    ],
    [
      'a case has no assertions',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi'),
      '3:5 cases[0]',
      "case 'one' has no assertions (add 'assert' or suite 'defaults.assert')",
    ],
    [
      'max-words is negative',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: max-words, value: -3 }'),
      '6:35 cases[0].assert[0].value',
      /^max-words: .*>0/,
    ],
    [
      'a regex does not compile',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: regex, value: "(" }'),
      '6:31 cases[0].assert[0].value',
      /^regex: invalid regular expression: /,
    ],
    [
      'json-schema has no value',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: json-schema }'),
      '6:9 cases[0].assert[0].value',
      'json-schema: value is required',
    ],
    [
      'a JSON schema is invalid',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: json-schema, value: { type: nonsense } }'),
      '6:37 cases[0].assert[0].value',
      /^json-schema: invalid JSON schema: /,
    ],
    [
      'contains-any is empty',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - { type: contains-any, value: [] }'),
      '6:38 cases[0].assert[0].value',
      /^contains-any: .*>=1 items/,
    ],
    [
      'a case threshold is out of range',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    threshold: 1.5', '    assert: [{ type: contains, value: x }]'),
      '5:16 cases[0].threshold',
      'must be between 0 and 1',
    ],
    [
      'the suite name is not a slug',
      yaml('suite: My Suite', 'cases:', '  - { id: a, input: x, assert: [{ type: contains, value: x }] }'),
      '1:8 suite',
      'suite name must match [a-z0-9][a-z0-9_-]*',
    ],
    [
      'the YAML has a duplicate key',
      yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    input: again', '    assert: [{ type: contains, value: x }]'),
      '5:5 ',
      'YAML syntax: Map keys must be unique',
    ],
  ])('fails when %s', (_, text, where, message) => {
    // Act
    const problems = problemsOf(text);

    // Assess
    expect(problems).toHaveLength(1);
    expect(located(problems[0]!)).toBe(where);
    if (typeof message === 'string') expect(problems[0]!.message).toBe(message);
    else expect(problems[0]!.message).toMatch(message);
  });

  it('fails when the YAML does not parse, with the line of the error', () => {
    // Act
    const problems = problemsOf(yaml('suite: q', 'cases:', '  - id: one', '    input: "hi'));

    // Assess
    expect(problems[0]).toMatchObject({ file: 'suite.yaml', line: 5, column: 1, path: '', message: 'YAML syntax: Missing closing "quote' });
  });

  it('fails with file:line:column, the JSON path and the reason in the message', () => {
    // Act
    const act = () => parseSuite('evals/suites/quality.yaml', yaml('suite: q', 'cases:', '  - id: one', '    input: hi', '    assert:', '      - type: contians'));

    // Assess
    expect(act).toThrow(/^evals\/suites\/quality\.yaml is not valid:\n {2}evals\/suites\/quality\.yaml:6:15 cases\[0\]\.assert\[0\]\.type: unknown assertion type 'contians', did you mean 'contains'\?/);
  });

  it('fails with every assertion problem of the file at once, in file order', () => {
    // Prepare
    const text = yaml(
      'suite: q',
      'cases:',
      '  - id: one',
      '    input: hi',
      '    assert:',
      '      - { type: max-words, value: -3 }',
      '      - { type: regex, value: "(" }',
      '      - { type: json-schema }',
      '      - { type: contains-any, value: [] }',
      '      - { type: contians, value: x }',
      '  - id: one',
      '    input: again',
      '  - id: three',
      '    input: hi',
      '    assert: [{ type: contains, value: fine }]',
    );

    // Act
    const problems = problemsOf(text);

    // Assess
    expect(problems.map(located)).toEqual([
      '6:35 cases[0].assert[0].value',
      '7:31 cases[0].assert[1].value',
      '8:9 cases[0].assert[2].value',
      '9:38 cases[0].assert[3].value',
      '10:17 cases[0].assert[4].type',
      '11:5 cases[1]',
      '11:9 cases[1].id',
    ]);
  });

  it('fails with every schema problem of the file at once', () => {
    // Prepare
    const text = yaml(
      'suite: Q',
      'version: 0',
      'scoring: all',
      'cases:',
      '  - id: one',
      '    inptu: hi',
      '    assert:',
      '      - { type: contains, value: x, weight: 0, threshold: 2 }',
    );

    // Act
    const problems = problemsOf(text);

    // Assess
    expect(problems.map((p) => `${located(p)}: ${p.message}`)).toEqual([
      '1:8 suite: suite name must match [a-z0-9][a-z0-9_-]*',
      '2:10 version: Too small: expected number to be >0',
      '3:10 scoring: Invalid option: expected one of "cases"|"checks"',
      '5:5 cases[0].input: is required (string)',
      "6:5 cases[0].inptu: unknown key 'inptu', did you mean 'input'? Allowed: id, description, input, vars, tags, threshold, assert",
      '8:45 cases[0].assert[0].weight: weight must be greater than 0',
      '8:59 cases[0].assert[0].threshold: must be between 0 and 1',
    ]);
  });
});

describe('loadSuite', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'evalgate-suite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and compiles a suite file', () => {
    // Prepare
    const file = join(dir, 'quality.yaml');
    writeFileSync(file, VALID);

    // Act
    const suite = loadSuite(file);

    // Assess
    expect(suite).toMatchObject({ name: 'quality', file, cases: [{ id: 'greet' }, { id: 'only-defaults' }] });
  });

  it('fails when the file is missing', () => {
    // Prepare
    const file = join(dir, 'missing.yaml');

    // Act
    let caught: unknown;
    try {
      loadSuite(file);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ConfigFileError);
    expect((caught as ConfigFileError).problems).toEqual([{ file, line: 1, column: 1, path: '', message: 'file not found' }]);
    expect((caught as Error).message).toBe(`${file} is not valid:\n  ${file}:1:1: file not found`);
  });

  it.each(['quality', 'security', 'schema'])('loads the shipped %s suite', (name) => {
    // Act
    const suite = loadSuite(suitePath(name, 'evals/suites'));

    // Assess
    expect(suite.name).toBe(name);
    expect(suite.cases.length).toBeGreaterThan(0);
    expect(suite.cases.every((c) => c.assertions.length > 0)).toBe(true);
  });
});

describe('suitePath', () => {
  it.each([
    ['quality', 'evals/suites', 'evals/suites/quality.yaml'],
    ['security', '/abs/suites', '/abs/suites/security.yaml'],
    ['my-suite.yaml', 'evals/suites', 'my-suite.yaml'],
    ['my-suite.yml', 'evals/suites', 'my-suite.yml'],
    ['./quality', 'evals/suites', './quality'],
    ['other/dir/quality.yaml', 'evals/suites', 'other/dir/quality.yaml'],
  ])('resolves %j in %j to %j', (name, dir, expected) => {
    expect(suitePath(name, dir)).toBe(expected);
  });
});

describe('parseSuite, problems across layers', () => {
  it('fails with schema, assertion and duplicate problems together', () => {
    // Prepare: a broken header, a case with a typo'd key and a typo'd assertion type, and a duplicate id.
    const text = [
      'suite: q',
      'scoring: all',
      'cases:',
      '  - id: a',
      '    inptu: hi',
      '    assert: [{ type: contians, value: x }]',
      '  - id: a',
      '    input: hi',
      '    assert: [{ type: contains, value: x }]',
    ].join('\n');

    // Act
    let message = '';
    try {
      parseSuite('s.yaml', text);
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toContain("s.yaml:2:10 scoring: Invalid option");
    expect(message).toContain("s.yaml:5:5 cases[0].inptu: unknown key 'inptu', did you mean 'input'?");
    expect(message).toContain("s.yaml:6:22 cases[0].assert[0].type: unknown assertion type 'contians', did you mean 'contains'?");
    expect(message).toContain("s.yaml:7:9 cases[1].id: duplicate case id 'a'");
  });
});
