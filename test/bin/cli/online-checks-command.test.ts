import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';

const CANARY = { type: 'not-icontains', value: 'SECRET' };
const QA = [
  'suite: qa',
  'defaults: { assert: [{ type: not-icontains, value: SECRET, online: true }] }',
  'cases:',
  '  - { id: a, input: x, tags: [summarize], assert: [{ type: max-words, value: 50, online: true }] }',
  '  - { id: b, input: y, tags: [extract], assert: [{ type: is-json, online: true }] }',
].join('\n');
const SAFETY = 'suite: safety\ncases:\n  - { id: c, input: z, tags: [jailbreak], assert: [{ type: not-icontains, value: SECRET, online: true }, { type: max-chars, value: 400, online: true }] }';

let cwd = '';
const write = (file: string, text: string) => {
  mkdirSync(join(cwd, file, '..'), { recursive: true });
  writeFileSync(join(cwd, file), text);
};
const read = (file: string) => readFileSync(join(cwd, file), 'utf8');

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'evalgate-online-checks-'));
  write('evals/suites/qa.yaml', QA);
  write('evals/suites/safety.yaml', SAFETY);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('evalgate online-checks', () => {
  it('writes evals/online-checks.json from every suite in evals/suites, for every tag, sorted', async () => {
    // Act
    const result = await runCli(['online-checks'], cwd);

    // Assess
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('wrote evals/online-checks.json: 1 check for every response, checks for 3 tasks (extract, jailbreak, summarize)\n');
    const expected = {
      all: [CANARY],
      byTag: { extract: [{ type: 'is-json' }], jailbreak: [{ type: 'max-chars', value: 400 }], summarize: [{ type: 'max-words', value: 50 }] },
    };
    expect(read('evals/online-checks.json')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('derives checks for the --tags given, in their order, from --suites-dir, to --out', async () => {
    // Prepare
    write('other/qa.yaml', QA);

    // Act
    const result = await runCli(['online-checks', '--suites-dir', 'other', '--tags', 'summarize, extract', '--out', 'out/checks.json'], cwd);

    // Assess
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(Object.keys(JSON.parse(read('out/checks.json')).byTag)).toEqual(['summarize', 'extract']);
    expect(existsSync(join(cwd, 'evals/online-checks.json'))).toBe(false);
  });

  it('prints the JSON on stdout with --out - and writes nothing', async () => {
    const result = await runCli(['online-checks', '--out', '-', '--tags', 'extract'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ all: [CANARY], byTag: { extract: [{ type: 'is-json' }] } });
    expect(existsSync(join(cwd, 'evals/online-checks.json'))).toBe(false);
  });

  describe('--check', () => {
    it('exits 0 when the file is up to date', async () => {
      // Prepare
      await runCli(['online-checks', '--tags', 'extract'], cwd);

      // Act
      const result = await runCli(['online-checks', '--tags', 'extract', '--check'], cwd);

      // Assess
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^evals\/online-checks\.json is up to date/);
    });

    it.each([
      ['stale', (file: string) => write(file, '{}\n'), /evals\/online-checks\.json is out of date with the suites in evals\/suites; regenerate it with: npx evalgate online-checks --tags extract\n$/],
      ['missing', () => undefined, /evals\/online-checks\.json is missing; write it with: npx evalgate online-checks --tags extract\n$/],
    ])('exits 1 when the file is %s, names it and the command that regenerates it, and writes nothing', async (_, arrange, message) => {
      // Prepare
      arrange('evals/online-checks.json');
      const before = existsSync(join(cwd, 'evals/online-checks.json')) ? read('evals/online-checks.json') : undefined;

      // Act
      const result = await runCli(['online-checks', '--tags', 'extract', '--check'], cwd);

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(join(cwd, 'evals/online-checks.json')) ? read('evals/online-checks.json') : undefined).toBe(before);
    });
  });

  it.each([
    ['a missing suites folder', ['--suites-dir', 'nope'], /the suites folder .*nope does not exist \(set it with --suites-dir DIR\)/],
    ['a suites folder without suites', ['--suites-dir', 'empty'], /the suites folder .*empty holds no \.yaml suite/],
    ['a tag no case has', ['--tags', 'summarize,sumarize'], /--tags: no case in evals\/suites has the tag\(s\) 'sumarize'; allowed: extract, jailbreak, summarize/],
    ['an empty tag', ['--tags', 'summarize,,extract'], /--tags must be a comma-separated list of tags without empty entries, got: 'summarize,,extract'/],
    ['--check with --out -', ['--check', '--out', '-'], /--check compares with a file; it cannot be combined with --out -/],
    ['an unknown option', ['--tag', 'x'], /Unknown option '--tag'/],
  ])('exits 2 on %s', async (_, args, message) => {
    // Prepare
    mkdirSync(join(cwd, 'empty'));

    // Act
    const result = await runCli(['online-checks', ...args], cwd);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'evals/online-checks.json'))).toBe(false);
  });

  it('exits 2 with the loader\'s located problems of every suite that does not validate', async () => {
    // Prepare
    write('evals/suites/qa.yaml', 'suite: qa\ncases:\n  - { id: a, input: x, assert: [{ type: contians, value: y }] }');
    write('evals/suites/safety.yaml', 'suite: safety\ncases: []');

    // Act
    const result = await runCli(['online-checks'], cwd);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/qa\.yaml is not valid:\n {2}.*qa\.yaml:3:\d+ cases\[0\]\.assert\[0\]\.type: unknown assertion type 'contians', did you mean 'contains'\?/);
    expect(result.stderr).toMatch(/safety\.yaml is not valid:\n {2}.*safety\.yaml:2:\d+ cases: a suite needs at least one case/);
    expect(existsSync(join(cwd, 'evals/online-checks.json'))).toBe(false);
  });

  it('shows its options with --help', async () => {
    const result = await runCli(['online-checks', '--help'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: evalgate online-checks \[--suites-dir DIR\] \[--tags TAG,\.\.\.\] \[--out FILE\] \[--check\]/);
  });
});
