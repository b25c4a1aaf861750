/**
 * The operator CLI end to end on the local stage, as the README shows it: `stage init/publish`, `release`
 * (from flags and from the input file a CodePipeline build writes), `status`, `history`, `pins propose` (the
 * AppConfig extension starting the release) and `abort` from another terminal, while the releasing process lives
 * and after it died. Every Task runs its real handler; the releasing process is a real child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAssembly } from '../helpers/demo-assembly';
import { promptBundleSha } from '../../functions/sample-assistant/prompts';
import { runCli } from '../helpers/cli';

/**
 * The demo app, synthesized once for the run (test/setup/demo-assembly.ts): its release pipeline and its assistant.
 * Releases that run to their end bake 5 minutes a step; those aborted while they bake keep the 30 minutes.
 */
let FAST = '';
let SLOW = '';
beforeAll(async () => {
  [FAST, SLOW] = await Promise.all([demoAssembly('fast'), demoAssembly('default')]);
}, 120_000);
const FN = 'Assistant';
/** The stage of the demo's project, as `stage init` makes it from the synthesized app. */
const init = (assembly: string) => ['--template', assembly, '--traffic', 'evals/traffic', '--junit', 'lib/demo/ci/junit.xml'];

const root = mkdtempSync(join(tmpdir(), 'evalgate-operator-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const json = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const routingOf = (dir: string) => json<{ aliases: Record<string, { version: string; additionalWeights: Record<string, number> }> }>(dir, 'aliases.json').aliases[`${FN}:live`];
const locksOf = (dir: string) => Object.keys(json<{ locks: Record<string, unknown> }>(dir, 'releases.json').locks ?? {});
type StoredRecord = { releaseId: string; outcome: string; input: { change: { source: string } }; reasons: string[] };
const recordsOf = (dir: string) => Object.values(json<{ records: Record<string, Record<string, StoredRecord>> }>(dir, 'releases.json').records).flatMap((byKey) => Object.values(byKey));
const appConfigOf = (dir: string) => json<{ versions: Record<string, unknown>; deployments: Array<{ configurationVersion: string; description: string }> }>(dir, 'appconfig.json');

/**
 * A fresh stage: version 1 live on the 2024-10 prompts, then version 2 published from the build (whose prompts
 * are 2024-12) as the delivery pipeline's publish step does.
 */
async function stageWithCandidate(name: string, assembly?: string): Promise<string> {
  const dir = join(root, name);
  const initialized = await runCli(['stage', 'init', '--dir', dir, ...init(assembly ?? FAST), '--set', 'EVALGATE_PROMPT_BUNDLE=2024-10', '--set', `EVALGATE_PROMPT_SHA=${promptBundleSha('2024-10')}`]);
  expect(initialized.stderr).toBe('');
  expect(initialized.code).toBe(0);
  const published = await runCli(['stage', 'publish', '--dir', dir]);
  expect(published.code).toBe(0);
  expect(published.stdout.trim()).toBe('2');
  return dir;
}

/** `evalgate release --local` in its own process (another terminal), resolved once it has shifted 5% of traffic. */
function releaseInChild(dir: string): Promise<{ child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/evalgate.ts', 'release', '--local', '--dir', dir, '--function', FN, '--version', '2'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('canary: 5% of live traffic')) {
        clearInterval(timer);
        resolve({ child, output: () => out, exit });
      }
    }, 100);
    void exit.then((code) => {
      clearInterval(timer);
      reject(new Error(`the release ended (exit ${code}) before the canary started:\n${out}`));
    });
  });
}

describe('evalgate operator commands on the local stage', () => {
  it('releases from the input file a CodePipeline build writes, follows it live, then status and history show it', async () => {
    const dir = await stageWithCandidate('pipeline');
    const printed = await runCli(['release', '--function', FN, '--version', '2', '--source', 'codepipeline', '--commit', '9f3c2a1', '--test-report', `s3://local-ci-reports/${FN}/junit.xml`, '--print-input']);
    expect(printed.code).toBe(0);
    writeFileSync(join(dir, 'release-input.json'), printed.stdout);

    const released = await runCli(['release', '--local', '--dir', dir, '--input', join(dir, 'release-input.json'), '--name', 'codepipeline-7f1e']);

    expect(released.stderr).toBe('');
    expect(released.code).toBe(0);
    const out = released.stdout;
    expect(out).toMatch(/release codepipeline-7f1e: Assistant:live version 1 -> 2, prompt change from codepipeline \(commit 9f3c2a1\)/);
    expect(out).toMatch(/unit tests: 287 passed/);
    expect(out).toMatch(/gate: PASS/);
    expect(out.indexOf('canary: 5% of live traffic to version 2')).toBeLessThan(out.indexOf('canary: 25% of live traffic to version 2'));
    expect(out).toMatch(/health at 25%: healthy over \d+ check\(s\), bake complete/);
    expect(out).toMatch(/=> promoted; alias live at 100% on version 2\n$/);
    expect(routingOf(dir)).toEqual({ version: '2', additionalWeights: {} });
    expect(recordsOf(dir).map((r) => [r.releaseId, r.outcome, r.input.change.source])).toEqual([['codepipeline-7f1e', 'promoted', 'codepipeline']]);

    const status = await runCli(['status', '--local', '--dir', dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Assistant:live {2}alias live at 100% on version 2\n {2}in flight: none\n {2}last 1:\n .*promoted +1 -> 2 +prompt\/codepipeline .*codepipeline-7f1e/);
    const history = await runCli(['history', '--local', '--dir', dir]);
    expect(history.stdout).toMatch(/Assistant:live: 1 release\(s\)\n .*promoted/);
  }, 180_000);

  it('refuses bad input before anything starts, naming the flag or the field, and changes nothing', async () => {
    const dir = await stageWithCandidate('bad-input');
    const before = readFileSync(join(dir, 'aliases.json'), 'utf8');
    const cases: Array<[string[], RegExp]> = [
      [['release', '--local', '--dir', dir, '--version', '2'], /--function is required/],
      [['release', '--local', '--dir', dir, '--function', FN, '--version', '2', '--model-pins', '3'], /exactly one of --version N .* and --model-pins/],
      [['release', '--local', '--dir', dir, '--function', FN, '--version', '$LATEST'], /--version \(candidate\.version\): .*\$LATEST is never released/],
      [['release', '--local', '--dir', dir, '--function', FN, '--version', '2', '--test-report', 'junit.xml'], /--test-report \(change\.testReport\): testReport must be an s3:\/\/ URI/],
      [['release', '--local', '--dir', dir, '--function', FN, '--version', '2', '--source', 'slack'], /--source \(change\.source\)/],
      [['release', '--local', '--dir', dir, '--function', FN, '--version', '2', '--detach'], /--detach needs AWS/],
      [['release', '--local', '--dir', dir, '--function', FN, '--versoin', '2'], /Unknown option '--versoin'/],
      [['pins', 'propose', 'gpt-4o', '--local', '--dir', dir], /MODEL_ID "gpt-4o" is not pinned/],
      [['pins', 'propose', 'sim.assistant-2025-02-14', '--fallback', 'claude-3-5-sonnet-latest', '--local', '--dir', dir], /--fallback "claude-3-5-sonnet-latest" is not pinned/],
      [['abort', '--local', '--dir', dir], /no release in flight: nothing to abort/],
      [['status', '--local', '--dir', dir, '--last', 'many'], /--last must be a whole number/],
      [['history', '--local', '--dir', join(root, 'nowhere')], /no local stage in .*nowhere: 'evalgate stage init' makes one/],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    writeFileSync(join(dir, 'console-input.json'), JSON.stringify({ target: { functionName: FN }, candidate: { version: '2' }, change: { source: 'manual', commit: 'HEAD' } }));
    const console = await runCli(['release', '--local', '--dir', dir, '--input', join(dir, 'console-input.json')]);
    expect(console.code).toBe(2);
    expect(console.stderr).toMatch(/change\.commit: commit must be a git SHA/);

    expect(readFileSync(join(dir, 'aliases.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'executions.json'))).toBe(false);
    expect(Object.keys(appConfigOf(dir).versions)).toEqual(['1']);
  }, 60_000);

  it('refuses a version that does not exist at Prepare: exit 2, nothing moved, the record says why', async () => {
    const dir = await stageWithCandidate('refused');
    const result = await runCli(['release', '--local', '--dir', dir, '--function', FN, '--version', '9', '--name', 'rel-missing']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/execution FAILED: ReleaseRefused/);
    expect(routingOf(dir)).toEqual({ version: '1', additionalWeights: {} });
    expect(locksOf(dir)).toEqual([]);
    expect(recordsOf(dir).map((r) => [r.releaseId, r.outcome])).toEqual([['rel-missing', 'refused']]);
  }, 60_000);

  it('pins propose deploys new pins in AppConfig, whose trigger releases them: a regressed snapshot is blocked and AppConfig reverted', async () => {
    const dir = join(root, 'pins');
    expect((await runCli(['stage', 'init', '--dir', dir, ...init(FAST)])).code).toBe(0);

    const result = await runCli(['pins', 'propose', 'sim.assistant-2025-02-14', '--local', '--dir', dir]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/created model-pins configuration version 2: \{"modelId":"sim.assistant-2025-02-14"\}/);
    expect(result.stdout).toMatch(/release pins-2-d2 started by the AppConfig deployment/);
    expect(result.stdout).toMatch(/model change from appconfig/);
    expect(result.stdout).toMatch(/model pins: sim.assistant-2024-11-20 -> sim.assistant-2025-02-14 \(configuration 1 -> 2\)/);
    expect(result.stdout).toMatch(/gate: BLOCK/);
    expect(result.stdout).toMatch(/=> blocked; alias live at 100% on version 1; model pins configuration 1 live\n$/);
    expect(appConfigOf(dir).deployments.map((d) => d.configurationVersion)).toEqual(['1', '2', '1']);
    expect(recordsOf(dir).map((r) => [r.releaseId, r.outcome, r.input.change.source])).toEqual([['pins-2-d2', 'blocked', 'appconfig']]);

    const again = await runCli(['pins', 'propose', 'sim.assistant-2024-11-20', '--local', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/configuration 1 already pins sim.assistant-2024-11-20: nothing to propose/);
  }, 180_000);

  it('abort from another terminal stops the release at its canary and rolls it back, verified', async () => {
    const dir = await stageWithCandidate('abort', SLOW);
    const release = await releaseInChild(dir);

    const aborted = await runCli(['abort', '--local', '--dir', dir, '--reason', 'answers look off in #support'], process.cwd());

    expect(aborted.stderr).toBe('');
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toMatch(/stopping Assistant-live-v2-\S+ on Assistant:live \(at \S+, canary 5%\): aborted by \S+: answers look off in #support/);
    expect(aborted.stdout).toMatch(/=> aborted: .* stopped and rolled back, verified: alias live at 100% on version 1/);
    expect(await release.exit).toBe(1);
    expect(release.output()).toMatch(/execution ABORTED: Evalgate.Aborted/);
    expect(routingOf(dir)).toEqual({ version: '1', additionalWeights: {} });
    expect(locksOf(dir)).toEqual([]);
    expect(Object.keys(json<{ alarms: Record<string, unknown> }>(dir, 'alarms.json').alarms)).toEqual([]);
    expect(recordsOf(dir).map((r) => r.outcome)).toEqual(['aborted']);
  }, 180_000);

  it('abort of a release whose process died rolls it back from the aborting process', async () => {
    const dir = await stageWithCandidate('abort-dead', SLOW);
    const release = await releaseInChild(dir);
    release.child.kill('SIGKILL');
    await release.exit;
    expect(Object.keys(routingOf(dir)!.additionalWeights)).toEqual(['2']);
    const status = await runCli(['status', '--local', '--dir', dir]);
    expect(status.stdout).toMatch(/alias live: 95% on version 1, 5% on version 2 \(split\)\n {2}in flight: Assistant-live-v2-\S+, .*canary at 5%.*\n {4}the process running it is gone: 'evalgate abort --local' rolls it back/);

    const aborted = await runCli(['abort', '--local', '--dir', dir]);

    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toMatch(/verified: alias live at 100% on version 1/);
    expect(routingOf(dir)).toEqual({ version: '1', additionalWeights: {} });
    expect(locksOf(dir)).toEqual([]);
    expect(recordsOf(dir).map((r) => r.outcome)).toEqual(['aborted']);
  }, 180_000);
});
