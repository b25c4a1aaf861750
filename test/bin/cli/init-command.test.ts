import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveOnlineChecks } from '../../../evals/engine/online';
import { loadPolicy } from '../../../evals/engine/policy';
import { loadSuite } from '../../../evals/engine/suite/load';
import { runCli } from '../../helpers/cli';

const SUITE = 'evals/suites/starter.yaml';
const POLICY = 'evals/policy.yaml';

let cwd = '';
const at = (file: string) => join(cwd, file);
const write = (file: string, text: string) => {
  mkdirSync(join(at(file), '..'), { recursive: true });
  writeFileSync(at(file), text);
};

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'evalgate-init-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('evalgate init', () => {
  it('writes a starter suite and a policy that the engine loads', async () => {
    // Act
    const result = await runCli(['init'], cwd);

    // Assess
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^created +evals\/suites\/starter\.yaml\ncreated +evals\/policy\.yaml\n/);
    const suite = loadSuite(at(SUITE));
    expect(suite.name).toBe('starter');
    expect(suite.cases.length).toBeGreaterThanOrEqual(3);
    for (const c of suite.cases) expect(c.tags.length).toBeGreaterThan(0);
    expect(suite.cases.flatMap((c) => c.assertions.map((a) => a.type))).toEqual(expect.arrayContaining(['contains', 'icontains', 'not-icontains', 'max-words', 'is-json']));
    expect(deriveOnlineChecks([at(SUITE)], suite.cases.flatMap((c) => c.tags)).all).toEqual([{ type: 'not-icontains', value: 'CANARY-REPLACE-ME' }]);
    expect(loadPolicy(at(POLICY))).toEqual({ version: 1, defaults: { minPassRate: 0.85 } });
  });

  it.each([
    ['the suite', [SUITE]],
    ['the policy', [POLICY]],
    ['both files', [SUITE, POLICY]],
  ])('refuses when %s exists, names what exists and writes nothing (exit 2)', async (_, existing) => {
    // Prepare
    for (const file of existing) write(file, 'mine\n');

    // Act
    const result = await runCli(['init'], cwd);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`these files already exist in ${cwd}: ${existing.join(', ')}; nothing was written (run with --force to overwrite them)`);
    expect(result.stdout).toBe('');
    for (const file of [SUITE, POLICY]) {
      if (existing.includes(file)) expect(readFileSync(at(file), 'utf8')).toBe('mine\n');
      else expect(existsSync(at(file))).toBe(false);
    }
  });

  it('overwrites existing files with --force and says so', async () => {
    // Prepare
    write(POLICY, 'mine\n');

    // Act
    const result = await runCli(['init', '--force'], cwd);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/created +evals\/suites\/starter\.yaml\noverwrote evals\/policy\.yaml\n/);
    expect(loadPolicy(at(POLICY)).version).toBe(1);
  });

  it('scaffolds in --dir, resolved against the current folder, creating it', async () => {
    const result = await runCli(['init', '--dir', 'apps/support'], cwd);
    expect(result.code).toBe(0);
    expect(loadSuite(at(`apps/support/${SUITE}`)).name).toBe('starter');
    expect(existsSync(at(POLICY))).toBe(false);
  });

  it.each([
    ['the construct', "import { EvalGatedRelease } from 'evalgate';\n   new EvalGatedRelease(this, 'Release', {\n     target: fn,"],
    ['the suites and policy', "suitesDir: 'evals/suites', policyFile: 'evals/policy.yaml',"],
    ['the model pins', "modelPins: { initialPins: { modelId: 'gpt-4o-2024-11-20', fallbackModelId: 'gpt-4o-mini-2024-07-18' } },"],
    ['the middleware', "import middy from '@middy/core';\n   import { liveScore } from 'evalgate/runtime';\n   export const handler = middy(answer).use(liveScore());"],
    ['the pinned model variables', "readReleaseEnv() from 'evalgate/runtime' (EVALGATE_MODEL_ID and"],
    ['the eval command', 'npx evalgate eval --suite starter --target module:src/handler.ts --model gpt-4o-2024-11-20'],
    ['the synth command', 'npx cdk synth'],
    ['the simulate command', 'npx evalgate simulate'],
  ])('prints the next steps: %s', async (_, text) => {
    const result = await runCli(['init'], cwd);
    expect(result.stdout).toContain(text);
  });

  it.each([
    ['an unknown option', ['--dirr', 'x'], /Unknown option '--dirr'/],
    ['a positional argument', ['apps'], /Unexpected argument 'apps'/],
    ['a --dir that is a file', ['--dir', 'file.txt'], /--dir must be a folder, got the file: .*file\.txt/],
  ])('exits 2 on %s', async (_, args, message) => {
    // Prepare
    writeFileSync(at('file.txt'), '');

    // Act
    const result = await runCli(['init', ...args], cwd);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(at('evals'))).toBe(false);
  });

  it('shows its options with --help', async () => {
    const result = await runCli(['init', '--help'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: evalgate init \[--dir DIR\] \[--force\]/);
  });
});
