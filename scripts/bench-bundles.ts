/**
 * npm run bench:bundles — measured figures (nothing asserted beyond loading) for the prebuilt release functions
 * the package ships (dist/assets/release-tasks, one code asset for every task):
 *  1. the asset's size as uploaded once (all files, gzip of the JavaScript), and per task the code its entry loads
 *     (its file and the shared chunks it imports, transitively);
 *  2. local cold init: a fresh `node` per run imports the task's entry with the environment EvalGatedRelease
 *     gives that function (read from a synthesized template) and Lambda's own variables, timed inside the child
 *     with performance.now() around `await import()`; a baseline imports an empty module.
 * Exits 1 if a task fails to load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { releaseTasksDir } from '../lib/private/task-assets';
import { placeholderResolver, resolveIntrinsic, type CfnTemplate } from '../lib/local-stage/asl';
import { buildRelease } from '../test/lib/stack';

const RUNS = 5;
const MARKER = '@@bench-bundles ';
const dir = releaseTasksDir();

const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The entry and every chunk it imports, transitively (esbuild writes static `from "./chunks/..."` imports). */
function loadedFiles(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(/from\s*"\.\/((?:chunks\/)?[^"]+\.mjs)"/g)) {
    loadedFiles(file.startsWith('chunks/') && !spec!.startsWith('chunks/') ? `chunks/${spec}` : spec!, seen);
  }
  return seen;
}

/** Each release function's environment as the construct sets it: from a synthesized template, tokens as placeholders. */
function environments(): Map<string, Record<string, string>> {
  const { json } = buildRelease();
  const resolve = placeholderResolver(json as CfnTemplate);
  const byHandler = new Map<string, Record<string, string>>();
  for (const resource of Object.values(json.Resources)) {
    const props = resource.Properties as { Handler?: string; Environment?: { Variables?: Record<string, unknown> } } | undefined;
    if (resource.Type !== 'AWS::Lambda::Function' || !props?.Handler?.endsWith('.handler') || props.Handler === 'index.handler') continue;
    const variables = Object.entries(props.Environment?.Variables ?? {}).map(([key, value]) => [key, key.endsWith('_ARN') ? 'arn:aws:states:us-east-1:123456789012:stateMachine:release' : resolveIntrinsic(value, resolve)]);
    byHandler.set(props.Handler.replace(/\.handler$/, ''), Object.fromEntries(variables));
  }
  return byHandler;
}

/** What Lambda's runtime sets on every function (credentials are dummies: nothing is called at init). */
const lambdaEnvironment = (task: string) => ({
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: `evalgate-${task}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  LAMBDA_TASK_ROOT: dir,
  POWERTOOLS_METRICS_DISABLED: 'true',
});

const CHILD = `
const started = performance.now();
const mod = await import(process.argv[2]);
const ms = performance.now() - started;
if (process.argv[3] === 'handler' && typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write('\\n${MARKER}' + JSON.stringify({ ms }) + '\\n', () => process.exit(0));
`;

function measure(child: string, file: string, env: Record<string, string>, expect: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, pathToFileURL(file).href, expect], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
      if (code !== 0 || !line) reject(new Error(`${file} did not load (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      else resolve((JSON.parse(line.slice(MARKER.length)) as { ms: number }).ms);
    });
  });
}

const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
const js = files.filter((f) => f.endsWith('.mjs'));
const total = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
const jsBytes = js.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
const jsGzip = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);

const scratch = mkdtempSync(join(tmpdir(), 'evalgate-bench-bundles-'));
const child = join(scratch, 'child.mjs');
writeFileSync(child, CHILD);
const empty = join(scratch, 'empty.mjs');
writeFileSync(empty, 'export {};\n');
const env = environments();
const tasks = readdirSync(dir).filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, '')).sort();
let failed = false;
const rows: string[] = [];
try {
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i += 1) baseline.push(await measure(child, empty, lambdaEnvironment('empty'), 'none'));
  for (const task of tasks) {
    const loaded = [...loadedFiles(`${task}.mjs`)];
    const bytes = loaded.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    const gzip = loaded.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
    const times: number[] = [];
    try {
      for (let i = 0; i < RUNS; i += 1) times.push(await measure(child, join(dir, `${task}.mjs`), { ...lambdaEnvironment(task), ...env.get(task) }, 'handler'));
      rows.push(`| ${task} | ${loaded.length} | ${kb(bytes)} KB | ${kb(gzip)} KB | ${median(times).toFixed(0)} ms |`);
    } catch (error) {
      failed = true;
      rows.push(`| ${task} | ${loaded.length} | ${kb(bytes)} KB | ${kb(gzip)} KB | FAILED: ${(error as Error).message} |`);
    }
  }
  console.log(`release-tasks asset (${dir}): ${files.length} files, ${kb(total)} KB in all (source maps included); JavaScript ${kb(jsBytes)} KB, ${kb(jsGzip)} KB gzipped: uploaded once for the ${tasks.length} functions\n`);
  console.log('| task | files loaded | code loaded | gzip | cold init (median of 5) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(`| (empty module) | 1 | 0 KB | 0 KB | ${median(baseline).toFixed(1)} ms |`);
  console.log(`\ninit measured on Node ${process.version} locally (the functions run Node 22 on arm64 Lambda).`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
