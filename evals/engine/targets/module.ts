/**
 * `module:PATH[#EXPORT][?K=V&...]`: a Lambda handler run locally in a worker thread of its own, with its own
 * environment, so a candidate and a baseline of the same handler with different settings run side by side.
 * TypeScript handlers are bundled with esbuild first, as a Lambda deployment would be.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Target, TargetRequest, TargetResponse } from '../types';
import { RETRYABLE_FUNCTION_ERRORS, TargetError, TargetSpecError } from './errors';
import { MODULE_WORKER_SOURCE } from './module-worker-source';
import { toTargetResponse } from './response';

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'output'; text: string }
  | { type: 'init-error'; error: { name: string; message: string } }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: { name: string; message: string } };

interface Pending {
  resolve(value: TargetResponse): void;
  reject(error: Error): void;
}

export interface ModuleTargetOptions {
  readonly spec: string;
  readonly path: string;
  readonly exportName: string;
  readonly env: Readonly<Record<string, string>>;
  /** Resolves `path` (default: the working directory). */
  readonly cwd?: string;
  /** Per-invocation deadline told to the handler through `context.getRemainingTimeInMillis()`. */
  readonly timeoutMs?: number;
  /** The Lambda context's function name. @default the module file's name */
  readonly functionName?: string;
  /** The version the handler believes it is (`context.functionVersion`), invoked by that number. @default $LATEST */
  readonly version?: string;
  /** Each line the handler writes to stdout (its logs and EMF metrics); discarded when not given. */
  readonly onOutput?: (line: string) => void;
  /**
   * Folders to resolve `@aws-sdk/*` from when the module's own node_modules do not have them, as the Lambda
   * Node.js runtime provides the SDK to bundles that leave it out. @default none
   */
  readonly runtimeModules?: readonly string[];
}

/** How one invocation reached the function: through an alias (live traffic) or the version itself (evals). */
export interface Invocation {
  readonly qualifier?: string;
}

export class ModuleTarget implements Target {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private crashed: Error | undefined;

  private constructor(
    readonly spec: string,
    private readonly worker: Worker,
    private readonly timeoutMs: number,
    private readonly version: string | undefined,
    private readonly onOutput: ((line: string) => void) | undefined,
  ) {
    worker.on('message', (message: WorkerMessage) => this.settle(message));
    worker.on('error', (error) => this.crash(new TargetError('function-error', `${spec} crashed: ${error.message}`, false, { cause: error })));
    worker.on('exit', (code) => this.crash(new TargetError('function-error', `${spec} exited with code ${code}`, false)));
  }

  /** Bundles (when needed) and loads the module in a worker; init errors surface here, as a TargetSpecError. */
  static async start(options: ModuleTargetOptions): Promise<ModuleTarget> {
    const source = resolve(options.cwd ?? process.cwd(), options.path);
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw new TargetSpecError(options.spec, `module file not found: ${source}`);
    }
    const file = await loadableFile(options.spec, source);
    const worker = new Worker(MODULE_WORKER_SOURCE, {
      eval: true,
      // The handler's own logs (what a Lambda sends to CloudWatch) must not mix with the CLI's output.
      stdout: true,
      stderr: true,
      env: { ...process.env, ...options.env },
      workerData: {
        file,
        exportName: options.exportName,
        functionName: options.functionName ?? basename(source, extname(source)),
        captureOutput: options.onOutput !== undefined,
        runtimeModules: options.runtimeModules ?? [],
      },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    await new Promise<void>((ready, fail) => {
      // Output written while the module initialises arrives before 'ready'.
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'output') for (const line of message.text.split('\n')) if (line.trim() !== '') options.onOutput?.(line);
        if (message.type === 'ready') ready();
        if (message.type === 'init-error') fail(new TargetSpecError(options.spec, `initialisation failed: ${message.error.name}: ${message.error.message}`));
        if (message.type === 'ready' || message.type === 'init-error') worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => fail(new TargetSpecError(options.spec, `initialisation failed: ${error.message}`, { cause: error })));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new ModuleTarget(options.spec, worker, options.timeoutMs ?? 30_000, options.version, options.onOutput);
  }

  invoke(request: TargetRequest, signal: AbortSignal): Promise<TargetResponse> {
    return this.invokeAs(request, signal, this.version === undefined ? {} : { qualifier: this.version });
  }

  /** Invokes with the qualifier the caller used: an alias name for live traffic, the version number for evals. */
  invokeAs(request: TargetRequest, signal: AbortSignal, invocation: Invocation): Promise<TargetResponse> {
    if (this.crashed) return Promise.reject(this.crashed);
    const id = this.nextId++;
    return new Promise<TargetResponse>((resolvePromise, rejectPromise) => {
      const onAbort = () => {
        this.pending.delete(id);
        rejectPromise(new TargetError('timeout', `${this.spec} did not answer in time`, true));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal.removeEventListener('abort', onAbort);
          resolvePromise(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          rejectPromise(error);
        },
      });
      this.worker.postMessage({ id, event: request, timeoutMs: this.timeoutMs, version: this.version, qualifier: invocation.qualifier });
    });
  }

  async close(): Promise<void> {
    this.crashed ??= new TargetError('function-error', `${this.spec} is closed`, false);
    await this.worker.terminate();
  }

  private settle(message: WorkerMessage): void {
    if (message.type === 'output') {
      for (const line of message.text.split('\n')) if (line.trim() !== '') this.onOutput?.(line);
      return;
    }
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'error') {
      const { name, message: text } = message.error;
      const retryable = RETRYABLE_FUNCTION_ERRORS.test(name);
      pending.reject(new TargetError(retryable ? 'throttled' : 'function-error', `${this.spec} failed: ${name}: ${text}`, retryable));
      return;
    }
    try {
      pending.resolve(toTargetResponse(this.spec, message.value));
    } catch (error) {
      pending.reject(error as Error);
    }
  }

  private crash(error: Error): void {
    this.crashed ??= error;
    for (const pending of this.pending.values()) pending.reject(this.crashed);
    this.pending.clear();
  }
}

const RUNNABLE = new Set(['.js', '.mjs', '.cjs']);

/**
 * A file Node can import: JavaScript as it is; TypeScript bundled with esbuild (in memory, every time, so an
 * edited import is never served stale; packages stay imports, resolved from the project's node_modules) and
 * written once per distinct bundle into a cache beside them.
 *
 * @example
 * await import(pathToFileURL(await loadableFile('module:src/handler.ts', '/app/src/handler.ts')).href);
 */
export async function loadableFile(spec: string, source: string): Promise<string> {
  if (RUNNABLE.has(extname(source))) return source;
  const { build } = await import('esbuild');
  let code: string;
  try {
    const bundled = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    code = bundled.outputFiles[0]!.text;
  } catch (error) {
    throw new TargetSpecError(spec, `could not bundle ${source}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const cacheDir = join(projectRoot(source), 'node_modules', '.cache', 'evalgate', 'targets');
  const outfile = join(cacheDir, `${basename(source, extname(source))}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(outfile)) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(outfile, code);
  }
  return outfile;
}

/** The closest folder holding a package.json, so bare imports of the bundle resolve to its node_modules. */
function projectRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}
