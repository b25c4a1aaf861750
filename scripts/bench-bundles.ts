/**
 * npm run bench:bundles — measured figures (nothing asserted) for the Lambda bundles the CDK app deploys:
 *  1. each task function and the sample assistant bundled with esbuild exactly as NodejsFunction does
 *     (settings in scripts/bench-bundles-specs.ts): bundle size, gzip size, number of input files;
 *  2. local cold init: a fresh `node` per run imports the bundle with the function's environment set
 *     (module init = building the handler and its SDK clients, what a Lambda cold start pays for the code),
 *     timed inside the child with performance.now() around `await import()`; a baseline imports an empty module.
 * Exits 1 if a bundle fails to build or to load.
 *
 * `npm run bench:bundles -- --node-modules` makes the project's whole node_modules resolvable from the bundles
 * (by default only @aws-sdk is, as on Lambda): to measure a bundle that loads an unbundled package at init.
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { promptBundleSha } from '../functions/sample-assistant/prompts';
import { TASK_ENV } from '../functions/shared/env';
import { computeEvalShards } from '../lib/private/eval-shards';
import { assistantSpec, ENV_POOL, lambdaRuntimeEnvironment, taskSpecs, triggerSpecs, type BundleSpec } from './bench-bundles-specs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;
const CHILD_TIMEOUT_MS = 30_000;
const MARKER = '@@bench-bundles ';
const ALL_NODE_MODULES = process.argv.includes('--node-modules');

interface Built {
  readonly spec: BundleSpec;
  readonly dir: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
  readonly inputs: number;
  readonly warnings: number;
  /** Variables functions/shared/env.ts requires that the CDK app does not give this function. */
  readonly addedEnv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

class BenchError extends Error {}

const kb = (bytes: number) => bytes / 1024;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const camel = (task: string) => task.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The CDK environment, plus whatever the task's TASK_ENV schema still requires (listed, so a gap is visible). */
function completeEnvironment(spec: BundleSpec): { env: Record<string, string>; added: string[] } {
  const schema = (TASK_ENV as Record<string, z.ZodType | undefined>)[camel(spec.name)];
  const env = { ...spec.environment };
  if (!schema) return { env, added: [] };
  const first = schema.safeParse(env);
  if (first.success) return { env, added: [] };
  const added = [...new Set(first.error.issues.map((issue) => String(issue.path[0])))];
  for (const name of added) {
    const value = ENV_POOL[name];
    if (value === undefined) throw new BenchError(`${spec.name}: no dummy value for ${name}, which functions/shared/env.ts requires`);
    env[name] = value;
  }
  const second = schema.safeParse(env);
  if (!second.success) throw new BenchError(`${spec.name}: environment still invalid: ${second.error.message}`);
  return { env, added };
}

async function bundle(spec: BundleSpec, outRoot: string): Promise<Built> {
  const dir = join(outRoot, spec.name);
  const file = join(dir, 'index.mjs');
  let result;
  try {
    result = await build({ ...spec.esbuild, entryPoints: [spec.entry], outfile: file, metafile: true, absWorkingDir: ROOT, logLevel: 'silent' });
  } catch (error) {
    throw new BenchError(`${spec.name}: bundle failed: ${(error as Error).message}`);
  }
  if (spec.bundlesEvals) {
    // lib/private/task-functions.ts copyEvals (afterBundling).
    mkdirSync(join(dir, 'evals'), { recursive: true });
    cpSync(join(ROOT, 'evals/suites'), join(dir, 'evals/suites'), { recursive: true });
    cpSync(join(ROOT, 'evals/policy.yaml'), join(dir, 'evals/policy.yaml'));
  }
  const code = readFileSync(file);
  const { env, added } = completeEnvironment(spec);
  return {
    spec,
    dir,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    mapBytes: statSync(`${file}.map`).size,
    inputs: Object.keys(result.metafile.inputs).length,
    warnings: result.warnings.length,
    addedEnv: added,
    env: { ...lambdaRuntimeEnvironment(`EvalgateDemo-${spec.name}`, spec.memorySize, dir), ...env },
  };
}

/** The child: times the import and prints one marker line; an import that throws exits non-zero with the error. */
const CHILD = `
const target = process.argv[2];
const started = performance.now();
const mod = await import(target);
const ms = performance.now() - started;
if (process.argv[3] === 'handler' && typeof mod.handler !== 'function') throw new Error('the bundle exports no handler function');
process.stdout.write('\\n${MARKER}' + JSON.stringify({ ms }) + '\\n', () => process.exit(0));
`;

function measure(child: string, file: string, env: Readonly<Record<string, string>>, cwd: string, expect: 'handler' | 'none'): Promise<number> {
  return new Promise((resolve, reject) => {
    // A clean environment: only PATH from this process (npm and tsx set variables a Lambda would not have).
    const proc = spawn(process.execPath, [child, pathToFileURL(file).href, expect], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('close', (status, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
      if (status !== 0 || !line) {
        // Node echoes the failing source line: one line of a minified bundle is megabytes, so drop it.
        const output = (stderr.trim() || stdout.trim()).split('\n').filter((l) => l.length <= 400 && !/^\s*\^?\s*$/.test(l));
        reject(new BenchError(`${file}: load failed (exit ${status ?? signal}):\n${output.join('\n')}`));
        return;
      }
      resolve((JSON.parse(line.slice(MARKER.length)) as { ms: number }).ms);
    });
  });
}

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const format = (r: readonly string[]) => r.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ');
  return [format(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(format)].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const outRoot = mkdtempSync(join(tmpdir(), 'evalgate-bench-bundles-'));
  try {
    // The assistant leaves @aws-sdk/* to the runtime (NodejsFunction default). Only that scope is made resolvable,
    // as on Lambda (/var/runtime/node_modules): any other package a bundle loads at run time is missing, as it is there.
    if (ALL_NODE_MODULES) {
      symlinkSync(join(ROOT, 'node_modules'), join(outRoot, 'node_modules'), 'dir');
    } else {
      mkdirSync(join(outRoot, 'node_modules'));
      symlinkSync(join(ROOT, 'node_modules/@aws-sdk'), join(outRoot, 'node_modules/@aws-sdk'), 'dir');
    }
    const inputs = { shardsJson: JSON.stringify(computeEvalShards(join(ROOT, 'evals/suites'), 50)), evalsDir: (task: string) => join(outRoot, task, 'evals') };
    const specs = [...taskSpecs(ROOT, inputs), ...triggerSpecs(ROOT, inputs), assistantSpec(ROOT, promptBundleSha())];
    const buildStarted = performance.now();
    const built = await Promise.all(specs.map((spec) => bundle(spec, outRoot)));
    const buildMs = performance.now() - buildStarted;

    const child = join(outRoot, 'measure.mjs');
    writeFileSync(child, CHILD);
    const empty = join(outRoot, 'empty', 'index.mjs');
    mkdirSync(join(outRoot, 'empty'));
    writeFileSync(empty, 'export {};\n');
    const baselineEnv = lambdaRuntimeEnvironment('EvalgateDemo-empty', 128, join(outRoot, 'empty'));

    // Runs interleaved (every bundle once, then again) so a noisy moment spreads over all bundles.
    // A bundle that fails to load is not run again; the others are still measured, then the run exits 1.
    const times = new Map<string, number[]>([['(empty module)', []], ...built.map((b) => [b.spec.name, []] as [string, number[]])]);
    const failures = new Map<string, string>();
    for (let run = 0; run < RUNS; run += 1) {
      times.get('(empty module)')!.push(await measure(child, empty, baselineEnv, join(outRoot, 'empty'), 'none'));
      for (const b of built.filter((x) => !failures.has(x.spec.name))) {
        try {
          times.get(b.spec.name)!.push(await measure(child, b.file, b.env, b.dir, 'handler'));
        } catch (error) {
          if (!(error instanceof BenchError)) throw error;
          failures.set(b.spec.name, error.message);
        }
      }
    }
    const ok = built.filter((b) => !failures.has(b.spec.name));

    const rows: string[][] = [['function', 'bundle KB', 'gzip KB', 'files', 'init median ms', 'init min ms']];
    const emptyBytes = statSync(empty).size;
    for (const b of built) {
      const t = times.get(b.spec.name)!;
      const [med, min] = failures.has(b.spec.name) ? ['LOAD FAILED', '-'] : [median(t).toFixed(1), Math.min(...t).toFixed(1)];
      rows.push([b.spec.name, kb(b.bytes).toFixed(1), kb(b.gzipBytes).toFixed(1), String(b.inputs), med, min]);
    }
    const base = times.get('(empty module)')!;
    rows.push(['(empty module)', kb(emptyBytes).toFixed(2), kb(gzipSync(readFileSync(empty)).length).toFixed(2), '1', median(base).toFixed(1), Math.min(...base).toFixed(1)]);
    const sum = (f: (b: Built) => number, of: readonly Built[] = built) => of.reduce((acc, b) => acc + f(b), 0);
    rows.push([
      `total (${built.length} bundles)`,
      kb(sum((b) => b.bytes)).toFixed(1),
      kb(sum((b) => b.gzipBytes)).toFixed(1),
      String(sum((b) => b.inputs)),
      `${sum((b) => median(times.get(b.spec.name)!), ok).toFixed(1)}${ok.length < built.length ? ` (${ok.length} loaded)` : ''}`,
      sum((b) => Math.min(...times.get(b.spec.name)!), ok).toFixed(1),
    ]);
    console.log(table(rows, [false, true, true, true, true, true]));
    const cpu = cpus();
    console.log(
      `\nmachine: node ${process.version}, ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores; ${RUNS} runs per bundle, fresh node process each; ` +
        `bundled in ${(buildMs / 1000).toFixed(1)} s, whole benchmark ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log('\nnotes:');
    console.log(
      '- bytes: index.mjs (sizes in KiB); gzip: node:zlib default level; files: metafile inputs. Not counted: index.mjs.map ' +
        `(${built.map((b) => `${b.spec.name} ${kb(b.mapBytes).toFixed(0)}`).join(', ')} KiB) and the evals copy of run-eval-shard/decide-gate.`,
    );
    console.log('- tasks: esbuild ESM, node22, minify, sourcemap (no sourcesContent), mainFields module,main, createRequire banner, AWS SDK bundled; init runs with NODE_OPTIONS=--enable-source-maps as deployed.');
    console.log('- assistant: demo-stack settings (ESM, node22, minify, sourcemap) with NodejsFunction defaults: no banner, @aws-sdk/* external (the project @aws-sdk here, the runtime SDK on Lambda); its files count excludes the SDK.');
    for (const b of built.filter((x) => x.addedEnv.length > 0)) {
      console.log(`- ${b.spec.name}: added ${b.addedEnv.join(', ')}: functions/shared/env.ts requires it, lib/eval-gated-release.ts does not set it (without it the cold start throws InvalidEnvironmentError).`);
    }
    if (ALL_NODE_MODULES) console.log('- --node-modules: every package of the project was resolvable at run time (on Lambda only the runtime SDK is).');
    for (const b of built.filter((x) => x.warnings > 0)) console.log(`- ${b.spec.name}: esbuild reported ${b.warnings} warning(s).`);
    console.log(`- init is measured on Node ${process.version} locally (the functions run Node 22 on arm64 Lambda); the baseline row is the same import of an empty module.`);
    if (failures.size > 0) {
      for (const [name, message] of failures) console.error(`\nbench:bundles failed: ${name}: ${message}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BenchError ? `bench:bundles failed: ${error.message}` : error);
  process.exit(1);
});
