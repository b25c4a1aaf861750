/**
 * Synthesizes a team's CDK app the way the CDK CLI does (the app command of cdk.json, run in the project with
 * CDK_OUTDIR and CDK_CONTEXT_JSON; without aws-cdk-lib's CloudFormation schema validation, which `cdk synth`
 * runs), into a cloud assembly cached by the hash of its inputs: the command, the
 * context and every file of the project. A second run with nothing changed reads the cache in milliseconds, so
 * a local release that is refused answers at once; any edit synthesizes again.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export class SynthError extends Error {
  override readonly name = 'SynthError';
}

export interface SynthOptions {
  /** The project: where cdk.json is and the app runs. */
  readonly appDir: string;
  /** The app command. @default the `app` of <appDir>/cdk.json */
  readonly app?: string;
  /** Context values, as `cdk synth -c key=value` gives them. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Where cloud assemblies are kept, one folder per hash of their inputs. @default <appDir>/.evalgate/synth */
  readonly cacheDir?: string;
  /** Told when a synthesis runs (it takes seconds). */
  readonly log?: (line: string) => void;
}

/** Folders that are not inputs of a synthesis: dependencies, outputs, and evalgate's own state. */
const NOT_INPUTS = new Set(['node_modules', '.git', '.evalgate', 'cdk.out', 'coverage', '.cache']);

interface CdkJson {
  readonly app?: string;
  readonly context?: Record<string, unknown>;
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new SynthError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Path, size and modification time of every input file: what changes when anything is edited, built or installed. */
function fingerprint(dir: string, hash: ReturnType<typeof createHash>, root = dir): void {
  for (const name of readdirSync(dir).sort()) {
    if (NOT_INPUTS.has(name)) continue;
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) fingerprint(path, hash, root);
    else hash.update(`${relative(root, path)}\0${stats.size}\0${stats.mtimeMs}\n`);
  }
}

/**
 * @example
 * const assembly = await synthesizeApp({ appDir: process.cwd() }); // '.evalgate/synth/3f9c…' (a cloud assembly)
 */
export async function synthesizeApp(options: SynthOptions): Promise<string> {
  const cdkJson = readJson<CdkJson>(join(options.appDir, 'cdk.json')) ?? {};
  const app = options.app ?? cdkJson.app;
  if (!app) throw new SynthError(`no CDK app to synthesize: ${join(options.appDir, 'cdk.json')} has no "app" (give --app CMD or --template FILE)`);
  // The CLI's context: cdk.json, then cdk.context.json (lookups), then -c; asset and path metadata on, so the
  // local stage finds each function's code and each resource's construct path in the template.
  const context = {
    ...cdkJson.context,
    ...readJson<Record<string, unknown>>(join(options.appDir, 'cdk.context.json')),
    ...options.context,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:enable-path-metadata': true,
  };
  const hash = createHash('sha256').update(`${app}\0${JSON.stringify(context)}\0`);
  fingerprint(options.appDir, hash);
  const cacheDir = options.cacheDir ?? join(options.appDir, '.evalgate', 'synth');
  const assembly = join(cacheDir, hash.digest('hex').slice(0, 32));
  if (existsSync(join(assembly, 'manifest.json'))) return assembly;
  // One synthesis of the same inputs at a time, across processes: the others wait for its assembly.
  mkdirSync(cacheDir, { recursive: true });
  const release = await lock(`${assembly}.lock`, () => existsSync(join(assembly, 'manifest.json')));
  if (!release) return assembly;
  try {
    await synthesize(app, options, context, assembly);
  } finally {
    release();
  }
  return assembly;
}

/** A lock taken; false when `done()` became true while waiting for it (another process did the work). */
async function lock(path: string, done: () => boolean): Promise<(() => void) | false> {
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (done()) return false;
    // A lock older than any synthesis is left by a process that died: take it over.
    const taken = statSync(path, { throwIfNoEntry: false });
    if (taken && Date.now() - taken.mtimeMs > STALE_LOCK_MS) rmSync(path, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const STALE_LOCK_MS = 10 * 60_000;

async function synthesize(app: string, options: SynthOptions, context: Record<string, unknown>, assembly: string): Promise<void> {
  options.log?.(`synthesizing the CDK app (${app})...`);
  const partial = `${assembly}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // CDK_VALIDATION=false: aws-cdk-lib's CloudFormation schema validation of the templates (half of a synthesis's
  // time) is `cdk synth`'s and `cdk deploy`'s to run; the local stage deploys nothing.
  const { code, output } = await run(app, options.appDir, { CDK_OUTDIR: partial, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: 'false' });
  if (code !== 0 || !existsSync(join(partial, 'manifest.json'))) {
    rmSync(partial, { recursive: true, force: true });
    const tail = output.trim().split('\n').slice(-15).join('\n');
    throw new SynthError(`the CDK app failed to synthesize (${app}, exit ${code}):\n${tail}`);
  }
  if (existsSync(join(assembly, 'manifest.json'))) {
    // Another process finished the same inputs (it took over a lock it judged stale): its assembly is as good.
    rmSync(partial, { recursive: true, force: true });
    return;
  }
  // A directory without a manifest is a cut-short copy or clean-up: replaced, as rename cannot onto a non-empty one.
  rmSync(assembly, { recursive: true, force: true });
  renameSync(partial, assembly);
}

function run(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new SynthError(`cannot run the CDK app '${command}': ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}
