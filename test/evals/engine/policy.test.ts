import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../../evals/engine/config/yaml-source';
import { BUILTIN_POLICY, loadPolicy, policyFor, type Policy } from '../../../evals/engine/policy';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evalgate-policy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
function policyFile(...lines: string[]): string {
  written += 1;
  const file = join(dir, `policy-${written}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function problemsOf(file: string): string[] {
  try {
    loadPolicy(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as ConfigFileError).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  throw new Error('expected the policy to be refused');
}

describe('loadPolicy', () => {
  it('reads a valid policy', () => {
    // Prepare
    const file = policyFile(
      'version: 1',
      'owner: qa@example.com',
      'defaults:',
      '  minPassRate: 0.9',
      '  regression: { margin: 0.02, onInconclusive: inconclusive }',
      'suites:',
      '  security: { minPassRate: 1.0, maxCostIncrease: 0 }',
    );

    // Act
    const policy = loadPolicy(file);

    // Assess
    expect(policy).toEqual({
      version: 1,
      owner: 'qa@example.com',
      defaults: { minPassRate: 0.9, regression: { margin: 0.02, onInconclusive: 'inconclusive' } },
      suites: { security: { minPassRate: 1, maxCostIncrease: 0 } },
    });
  });

  it.each([
    ['one line: a minimum pass rate for every suite', ['minPassRate: 0.85'], { version: 1, defaults: { minPassRate: 0.85 } }],
    ['top-level keys with defaults and suites', ['maxErrorRate: 0.1', 'defaults:', '  minPassRate: 0.9', 'suites:', '  security: { minPassRate: 1 }'], { version: 1, defaults: { maxErrorRate: 0.1, minPassRate: 0.9 }, suites: { security: { minPassRate: 1 } } }],
    ['no version', ['defaults: {}'], { version: 1, defaults: {} }],
  ])('reads %s', (_, lines, expected) => {
    const policy = loadPolicy(policyFile(...lines));
    expect(policy).toEqual(expected);
    expect(policyFor(policy, 'faq').minPassRate).toBe((expected.defaults as { minPassRate?: number }).minPassRate ?? BUILTIN_POLICY.minPassRate);
  });

  it('reads the shipped evals/policy.yaml', () => {
    // Act
    const policy = loadPolicy('evals/policy.yaml');

    // Assess
    expect(policyFor(policy, 'quality').minPassRate).toBe(0.85);
    expect(policyFor(policy, 'security').minPassRate).toBe(1.0);
    expect(policyFor(policy, 'schema').minPassRate).toBe(1.0);
    expect(policyFor(policy, 'security').regression).toEqual({ margin: 0, confidence: 0.95, onInconclusive: 'block' });
    expect(policyFor(policy, 'quality')).toEqual({
      minPassRate: 0.85,
      maxErrorRate: 0.05,
      regression: { margin: 0.05, confidence: 0.95, onInconclusive: 'block' },
      maxP95LatencyIncrease: 0.25,
      maxCostIncrease: 0.25,
    });
  });

  it.each([
    [
      'a key is unknown',
      ['version: 1', 'defaults:', '  minPasRate: 0.9'],
      "3:3 defaults.minPasRate: unknown key 'minPasRate', did you mean 'minPassRate'? Allowed: minPassRate, maxErrorRate, regression, maxP95LatencyIncrease, maxCostIncrease",
    ],
    [
      'a top-level key is unknown',
      ['version: 1', 'ownr: qa'],
      "2:1 ownr: unknown key 'ownr', did you mean 'owner'? Allowed: version, owner, description, defaults, suites, minPassRate, maxErrorRate, regression, maxP95LatencyIncrease, maxCostIncrease",
    ],
    [
      'a regression key is unknown',
      ['version: 1', 'defaults:', '  regression:', '    margn: 0.1'],
      "4:5 defaults.regression.margn: unknown key 'margn', did you mean 'margin'? Allowed: margin, confidence, onInconclusive",
    ],
    ['minPassRate is over 1', ['version: 1', 'defaults:', '  minPassRate: 1.5'], '3:16 defaults.minPassRate: must be between 0 and 1'],
    ['a suite minPassRate is negative', ['version: 1', 'suites:', '  quality: { minPassRate: -0.1 }'], '3:27 suites.quality.minPassRate: must be between 0 and 1'],
    ['the version is 2', ['version: 2'], '1:10 version: policy version must be 1'],
    ['a key is set both at the top level and in defaults', ['minPassRate: 0.9', 'defaults:', '  minPassRate: 0.8'], '1:14 minPassRate: minPassRate is set both at the top level and in defaults: keep one'],
    ['the confidence is 0.5', ['version: 1', 'defaults:', '  regression: { confidence: 0.5 }'], '3:29 defaults.regression.confidence: must be greater than 0.5'],
    ['the confidence is 1', ['version: 1', 'defaults:', '  regression: { confidence: 1 }'], '3:29 defaults.regression.confidence: must be less than 1'],
    [
      'onInconclusive is not a decision',
      ['version: 1', 'defaults:', '  regression: { onInconclusive: warn }'],
      '3:33 defaults.regression.onInconclusive: Invalid option: expected one of "block"|"pass"|"inconclusive"',
    ],
    [
      'a latency increase is negative',
      ['version: 1', 'defaults:', '  maxP95LatencyIncrease: -1'],
      '3:26 defaults.maxP95LatencyIncrease: must be 0 or more (0.25 means +25%)',
    ],
  ])('fails when %s', (_, lines, problem) => {
    expect(problemsOf(policyFile(...lines))).toEqual([problem]);
  });

  it('fails with every problem at once', () => {
    // Prepare
    const file = policyFile('version: 2', 'defaults:', '  minPassRate: 1.5', '  maxErrorRate: -1');

    // Act
    const problems = problemsOf(file);

    // Assess
    expect(problems).toEqual([
      '1:10 version: policy version must be 1',
      '3:16 defaults.minPassRate: must be between 0 and 1',
      '4:17 defaults.maxErrorRate: must be between 0 and 1',
    ]);
  });

  it('fails when the YAML does not parse', () => {
    expect(problemsOf(policyFile('version: 1', 'defaults:', '  minPassRate: 0.9', '  minPassRate: 0.8'))).toEqual(['4:3 : YAML syntax: Map keys must be unique']);
  });

  it('fails when the file is missing', () => {
    // Prepare
    const file = join(dir, 'missing.yaml');

    // Act
    const act = () => loadPolicy(file);

    // Assess
    expect(act).toThrow(ConfigFileError);
    expect(act).toThrow(`${file}:1:1: file not found`);
  });
});

describe('policyFor', () => {
  const policy: Policy = {
    version: 1,
    defaults: { minPassRate: 0.85, maxErrorRate: 0.1, regression: { margin: 0.05, onInconclusive: 'pass' } },
    suites: {
      security: { minPassRate: 1, regression: { margin: 0 } },
      latency: { maxP95LatencyIncrease: 0.1, regression: { confidence: 0.99 } },
    },
  };

  it.each([
    ['no policy', undefined, 'quality', undefined, BUILTIN_POLICY],
    [
      'policy defaults over built-ins',
      policy,
      'quality',
      undefined,
      { ...BUILTIN_POLICY, minPassRate: 0.85, maxErrorRate: 0.1, regression: { margin: 0.05, confidence: 0.95, onInconclusive: 'pass' } },
    ],
    [
      'the suite entry over the defaults, regression merged key by key',
      policy,
      'security',
      undefined,
      { ...BUILTIN_POLICY, minPassRate: 1, maxErrorRate: 0.1, regression: { margin: 0, confidence: 0.95, onInconclusive: 'pass' } },
    ],
    [
      'a nested regression override keeping the other regression keys',
      policy,
      'latency',
      undefined,
      { ...BUILTIN_POLICY, minPassRate: 0.85, maxErrorRate: 0.1, maxP95LatencyIncrease: 0.1, regression: { margin: 0.05, confidence: 0.99, onInconclusive: 'pass' } },
    ],
    [
      'the --threshold override over the suite entry',
      policy,
      'security',
      0.9,
      { ...BUILTIN_POLICY, minPassRate: 0.9, maxErrorRate: 0.1, regression: { margin: 0, confidence: 0.95, onInconclusive: 'pass' } },
    ],
    ['a --threshold of 0', policy, 'security', 0, expect.objectContaining({ minPassRate: 0 })],
    ['a --threshold without a policy', undefined, 'quality', 0.5, { ...BUILTIN_POLICY, minPassRate: 0.5 }],
  ])('layers %s', (_, layers, suite, threshold, expected) => {
    expect(policyFor(layers, suite, threshold)).toEqual(expected);
  });

  it('leaves the built-in policy untouched', () => {
    policyFor(policy, 'security', 0.5);
    expect(BUILTIN_POLICY).toEqual({
      minPassRate: 0.8,
      maxErrorRate: 0.05,
      regression: { margin: 0.05, confidence: 0.95, onInconclusive: 'block' },
      maxP95LatencyIncrease: 0.25,
      maxCostIncrease: 0.25,
    });
  });
});

describe('loadPolicy, suite entries', () => {
  it('fails when a suite entry has a typo, suggesting the key', () => {
    const file = policyFile('version: 1', 'suites:', '  quality:', '    minPasRate: 0.9');
    expect(problemsOf(file)).toEqual([
      "4:5 suites.quality.minPasRate: unknown key 'minPasRate', did you mean 'minPassRate'? Allowed: minPassRate, maxErrorRate, regression, maxP95LatencyIncrease, maxCostIncrease",
    ]);
  });
});
