/**
 * The built CLI as a user runs it: a separate process, exit codes and streams. `npm test` builds dist/ first;
 * run alone, this file builds it if it is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = 'dist/cli/evalgate.js';
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npx', ['tsx', 'scripts/build.ts'], { stdio: 'ignore' });
});

describe('dist/cli/evalgate.js', () => {
  it('prints usage and exits 2 without a command', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/Usage: evalgate <command>/);
  });

  it('prints the version of the package it was built from', () => {
    const result = run('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`evalgate ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
  });

  it('exits 1 and says why when a pin floats', () => {
    const result = run('pins', 'check', 'gpt-4o-2024-11-20', 'claude-3-5-sonnet-latest');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/ok +gpt-4o-2024-11-20/);
    expect(result.stdout).toMatch(/refused +"claude-3-5-sonnet-latest"/);
  });

  it('exits 2 with the reason on stderr for a bad flag', () => {
    const result = run('eval', '--target', 'http://127.0.0.1:1/', '--repeat', 'many');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--repeat must be a whole number from 1 to 100, got: many/);
  });

  it('evaluates a module target end to end and writes JSON on stdout', () => {
    const result = run('eval', '--suite', 'test/fixtures/suites/echo.yaml', '--target', 'module:test/fixtures/targets/echo-handler.ts?ECHO_PREFIX=good', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'pass', suites: [{ suite: 'echo', cases: 3, passRate: 1 }] });
  });
});
