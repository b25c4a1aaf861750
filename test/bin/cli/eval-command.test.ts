import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { json, startServer } from '../../helpers/http-target-server';

const ECHO = resolve('test/fixtures/targets/echo-handler.ts');
const target = (prefix: string) => `module:${ECHO}?ECHO_PREFIX=${prefix}`;
let dir: string;
let suite: string;
let policy: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evalgate-cli-'));
  suite = join(dir, 'greet.yaml');
  writeFileSync(suite, [
    'suite: greet',
    'cases:',
    ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `  - { id: ${id}, input: "hello ${id}", assert: [{ type: starts-with, value: "good:" }, { type: contains, value: "${id}" }] }`),
  ].join('\n'));
  policy = join(dir, 'policy.yaml');
  writeFileSync(policy, 'version: 1\ndefaults:\n  minPassRate: 0.85\n  maxErrorRate: 0.1\n');
});

describe('evalgate eval', () => {
  it('passes a good candidate against its baseline (exit 0)', async () => {
    // Act
    const result = await runCli(['eval', '--suite', suite, '--policy', policy, '--target', target('good'), '--baseline', target('good')]);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/greet/);
    expect(result.stdout).toMatch(/PASS/);
  });

  it('blocks a regressed candidate and names the regressed cases (exit 1)', async () => {
    const result = await runCli(['eval', '--suite', suite, '--policy', policy, '--target', target('bad'), '--baseline', target('good')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/greet pass rate 0\.00 < 0\.85/);
    expect(result.stdout).toMatch(/greet\/a/);
  });

  it('lets --threshold override the policy', async () => {
    const result = await runCli(['eval', '--suite', suite, '--policy', policy, '--target', target('bad'), '--threshold', '0', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'pass', suites: [{ suite: 'greet', passRate: 0, policy: { minPassRate: 0 } }] });
  });

  it('writes report.json, junit.xml, summary.md and report.html', async () => {
    const out = join(dir, 'reports');
    const result = await runCli(['eval', '--suite', suite, '--target', target('bad'), '--baseline', target('good'), '--report-dir', out]);
    expect(result.code).toBe(1);
    for (const file of ['report.json', 'junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(out, file))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ decision: 'block', target: target('bad'), baseline: target('good') });
    expect(report.cases[0]).toMatchObject({ suite: 'greet', id: 'a', pass: false, error: false, change: 'regression' });
    expect(report.cases[0].assertions[0]).toMatchObject({ type: 'starts-with', pass: false });
  });

  it('exits 3 when a target is unreachable and says so', async () => {
    const gone = await startServer((_, res) => json(res, 200, {}));
    await gone.close();
    const result = await runCli(['eval', '--suite', suite, '--target', gone.url, '--retries', '0']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/too many target errors to judge/);
    expect(result.stdout).toMatch(/ECONNREFUSED/);
  });

  it.each([
    ['no target', ['eval', '--suite', 'x'], /--target is required/],
    ['an unknown option', ['eval', '--target', 'http://x', '--concurrenc', '3'], /Unknown option '--concurrenc'/],
    ['a bad concurrency', ['eval', '--target', 'http://x', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 256, got: 0/],
    ['a bad threshold', ['eval', '--target', 'http://x', '--threshold', '85'], /--threshold must be a number from 0 to 1/],
    ['an unknown target kind', ['eval', '--target', 'ftp://x'], /target 'ftp:\/\/x': unknown target kind; allowed: module:PATH/],
    ['a missing module', ['eval', '--target', 'module:nope.ts'], /module file not found/],
    ['a missing suite', ['eval', '--suite', 'nope', '--target', 'http://127.0.0.1:1/'], /nope\.yaml.*file not found/],
    ['an unknown command', ['evaluate'], /unknown command 'evaluate'; allowed: eval, release, status, history, abort, pins, stage, simulate/],
  ])('exits 2 on %s', async (_, argv, message) => {
    const result = await runCli(argv as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 on a bad suite file and points at the line', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'suite: bad\ncases:\n  - id: a\n    input: x\n    assert:\n      - { type: contians, value: y }\n');
    const result = await runCli(['eval', '--suite', bad, '--target', target('good')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:6:17 cases[0].assert[0].type: unknown assertion type 'contians', did you mean 'contains'?`);
  });

  it('exits 2 on a bad policy file and points at the line', async () => {
    const bad = join(dir, 'bad-policy.yaml');
    writeFileSync(bad, 'version: 1\ndefaults:\n  minPasRate: 0.9\n');
    const result = await runCli(['eval', '--suite', suite, '--policy', bad, '--target', target('good')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:3:3 defaults.minPasRate: unknown key 'minPasRate', did you mean 'minPassRate'?`);
  });

  it('exits 2 when the target fails to initialise', async () => {
    const result = await runCli(['eval', '--suite', suite, '--target', `module:${resolve('test/fixtures/targets/init-fails.ts')}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/initialisation failed: Error: REQUIRED_SETTING is not set/);
  });
});

describe('evalgate eval --model', () => {
  let pins: string;
  beforeAll(() => {
    pins = join(dir, 'pins.yaml');
    writeFileSync(pins, 'suite: pins\ncases:\n  - { id: model, input: "model", assert: [{ type: equals, value: "gpt-4o-2024-11-20/gpt-4o-mini-2024-07-18" }] }\n');
  });

  it('runs a module target with the pinned models in its release environment', async () => {
    const result = await runCli(['eval', '--suite', pins, '--policy', policy, '--target', `module:${ECHO}`, '--model', 'gpt-4o-2024-11-20', '--fallback-model', 'gpt-4o-mini-2024-07-18']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('gives no models without it', async () => {
    const result = await runCli(['eval', '--suite', pins, '--policy', policy, '--target', `module:${ECHO}`, '--json']);
    expect(result.code).toBe(1);
  });

  it.each([
    [['--model', 'gpt-4o'], /--model: model id 'gpt-4o' is not pinned/],
    [['--model', 'gpt-4o-2024-11-20', '--fallback-model', 'latest'], /--fallback-model: model id 'latest' is not pinned/],
    [['--fallback-model', 'gpt-4o-mini-2024-07-18'], /--fallback-model goes with --model/],
  ])('exits 2 on %j', async (flags, message) => {
    const result = await runCli(['eval', '--suite', pins, '--policy', policy, '--target', `module:${ECHO}`, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('evalgate pins check', () => {
  it.each([
    [['gpt-4o-2024-11-20', 'sim.assistant-2024-11-20'], 0, /ok +gpt-4o-2024-11-20 \(dated\)/],
    [['gpt-4o-2024-11-20', 'claude-3-5-sonnet-latest'], 1, /refused +"claude-3-5-sonnet-latest": 'latest' is a floating alias/],
    [['gpt-4o'], 1, /refused +"gpt-4o": undated alias/],
  ])('checks %j', async (ids, code, message) => {
    const result = await runCli(['pins', 'check', ...ids]);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(message);
  });

  it('exits 2 without a model id', async () => {
    expect((await runCli(['pins', 'check'])).code).toBe(2);
  });
});
