/**
 * npm run test:consumer — proves the packed package works outside this repository: the tarball `npm pack` makes
 * (checked by attw and publint) installed from the registry into a team's own CDK app (test/consumer/app, shaped
 * as `cdk init app --language typescript` makes it, on a newer aws-cdk-lib than ours), in a temp dir where none
 * of this repository's node_modules, sources or lock file can be reached. In that app: its typecheck and every
 * entry point under four module settings, require() and import of them, `cdk synth` with cdk-nag, and the CLI
 * (`--version`, `eval`, `simulate` twice, `init`). Prints a table of the steps; exits 1 naming the failed ones.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(REPO, 'test', 'consumer');
const MANIFEST = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; exports: unknown; bin: Record<string, string> };
const VERSION = MANIFEST.version;
/** The stack's modelPins.initialPins (test/consumer/app/lib/faq-stack.ts), which the construct sets on the function. */
const PINS = { EVALGATE_MODEL_ID: 'gpt-4o-2024-11-20', EVALGATE_FALLBACK_MODEL_ID: 'gpt-4o-mini-2024-07-18' };
/** Files of the repository's sample suites: none may reach a team's evals layer. */
const SAMPLE_SUITES = readdirSync(join(REPO, 'evals', 'suites'));

class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

interface StepResult {
  readonly name: string;
  readonly ms: number;
  readonly status: 'ok' | 'FAILED' | 'skipped';
  readonly note: string;
}

const results: StepResult[] = [];
let stopped: string | undefined;

/**
 * Runs one step, records its time and verdict. A failed `gate` step skips every step after it; a step is also
 * skipped when one it `needs` did not pass.
 */
async function step(name: string, body: () => Promise<string | { note: string; output: string }>, options: { gate?: boolean; needs?: string } = {}): Promise<void> {
  const missing = stopped ?? (options.needs && results.find((r) => r.name === options.needs)?.status !== 'ok' ? options.needs : undefined);
  if (missing) {
    results.push({ name, ms: 0, status: 'skipped', note: `${missing} did not pass` });
    console.log(`skipped ${name}: ${missing} did not pass`);
    return;
  }
  const started = performance.now();
  try {
    const done = await body();
    const { note, output } = typeof done === 'string' ? { note: done, output: '' } : done;
    results.push({ name, ms: performance.now() - started, status: 'ok', note });
    console.log(`ok      ${name} (${seconds(performance.now() - started)}): ${note}`);
    if (output) console.log(indent(output));
  } catch (error) {
    const message = (error as Error).message;
    results.push({ name, ms: performance.now() - started, status: 'FAILED', note: message.split('\n')[0]! });
    console.log(`FAILED  ${name} (${seconds(performance.now() - started)}): ${message}`);
    if (options.gate) stopped = name;
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const isInside = (dir: string, path: string): boolean => path === dir || path.startsWith(dir + sep);

/**
 * The consumer's environment: nothing that leads back to this repository. `npm run` puts our node_modules/.bin
 * on PATH and sets npm_* variables (our package's config); a consumer's npx would otherwise find our tsc or cdk.
 */
function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|TSX_)/i.test(key) && !['NODE_PATH', 'NODE_OPTIONS', 'INIT_CWD'].includes(key)) env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !isInside(REPO, resolve(dir))).join(delimiter);
  return { ...env, NO_COLOR: '1', ...extra };
}

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = consumerEnv()): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, output }));
  });
}

/** Runs a command that must exit 0; the failure carries the tail of its output. */
async function runOk(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Ran> {
  const ran = await run(command, args, cwd, env);
  if (ran.code !== 0) {
    // The line that says why, for the summary: CDK's, cdk-nag's or evalgate's own error line.
    const why = ran.output.split('\n').find((line) => /^(ERROR|evalgate:|Error:)|^\s*\S+\.ts\(\d+,\d+\): error/.test(line.trim()))?.trim();
    throw new StepFailure(`\`${[command, ...args].join(' ')}\` exited ${ran.code}${why ? `: ${why.slice(0, 200)}` : ''}\n${tail(ran.output)}`);
  }
  return ran;
}

// Lines are cut: a stack trace through minified aws-cdk-lib prints the whole module on one line.
const tail = (text: string, lines = 15): string =>
  text.trimEnd().split('\n').slice(-lines).map((line) => `    ${line.length > 240 ? `${line.slice(0, 240)}...` : line}`).join('\n');
const indent = (text: string): string => text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailure(message);
}

/** Every file path of an `exports` map, whatever its nesting of conditions. */
function exportTargets(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  return node && typeof node === 'object' ? Object.values(node).flatMap(exportTargets) : [];
}

/** Every file below dir, relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const started = performance.now();
// Outside the repository, and no node_modules above it: Node resolves packages up the tree.
const work = realpathSync(mkdtempSync(join(tmpdir(), 'evalgate-consumer-')));
for (let dir = dirname(work); ; dir = dirname(dir)) {
  check(!existsSync(join(dir, 'node_modules')), `${join(dir, 'node_modules')} exists above the temp dir: packages there would be found by the consumer`);
  if (dirname(dir) === dir) break;
}
check(!isInside(REPO, work), `the temp dir ${work} is inside the repository`);
const app = join(work, 'app');
let tarball = '';
console.log(`consumer test of evalgate ${VERSION} in ${work}\n`);

await step(
  'npm pack',
  async () => {
    const pack = join(work, 'pack');
    mkdirSync(pack);
    // --ignore-scripts: `prepare` would run the build a second time (npm run test:consumer has just built).
    const ran = await runOk('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', pack], REPO, { ...process.env });
    const [packed] = JSON.parse(ran.stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
    check(packed, 'npm pack listed no tarball');
    tarball = join(pack, packed.filename);
    const paths = new Set(packed.files.map((f) => f.path));
    // A build still running (or another one started meanwhile) packs a partial dist: every target must be there.
    const absent = [...exportTargets(MANIFEST.exports), ...Object.values(MANIFEST.bin)].map((path) => path.replace(/^\.\//, '')).filter((path) => !paths.has(path));
    check(absent.length === 0, `the tarball lacks what package.json points at: ${absent.join(', ')}`);
    const sources = [...paths].filter((path) => /(?<!\.d)\.[cm]?ts$/.test(path) || /(^|\/)(package-lock\.json|tsconfig\.json)$/.test(path));
    check(sources.length === 0, `the tarball ships sources or a lock file: ${sources.join(', ')}`);
    return `${packed.filename}: ${packed.size} bytes (${(packed.size / 1e6).toFixed(2)} MB), ${packed.entryCount} files, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked`;
  },
  { gate: true },
);

await step('attw', async () => {
  // The tarball itself rather than `attw --pack .`: that runs a plain `npm pack`, whose `prepare` builds again.
  // --profile node16 leaves out node10 (moduleResolution "node"), which ignores `exports`: it cannot see the
  // subpaths evalgate/runtime, /evals, /release of any exports-only package, and evalgate needs Node >= 20.19.
  const ran = await run('npx', ['attw', tarball, '--profile', 'node16', '--format', 'table', '--no-emoji', '--no-color'], REPO, { ...process.env });
  if (ran.code !== 0) throw new StepFailure(`attw found problems:\n${indent(ran.output)}`);
  return 'no problems (profile node16): every entry point resolves to types and JS under node16 CJS, node16 ESM and bundler';
});

await step('publint', async () => {
  // --strict: warnings fail too; suggestions are printed.
  const ran = await run('npx', ['publint', 'run', tarball, '--strict'], REPO, { ...process.env });
  if (ran.code !== 0) throw new StepFailure(`publint found problems:\n${indent(ran.output)}`);
  const suggestions = ran.output.split('\n').filter((line) => /^\d+\. /.test(line));
  return suggestions.length === 0 ? 'no problems' : `no errors or warnings; suggestions: ${suggestions.join(' ')}`;
});

await step(
  'npm install',
  async () => {
    cpSync(join(FIXTURE, 'app'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|cdk\.out|\.evalgate|reports)$/.test(path) });
    cpSync(join(FIXTURE, 'entry-points'), join(app, 'entry-points'), { recursive: true });
    // The same file, in a folder whose package.json makes it ESM.
    cpSync(join(app, 'entry-points', 'entry.ts'), join(app, 'entry-points', 'esm', 'entry.ts'));
    await runOk('npm', ['install', '--no-audit', '--no-fund', tarball], app);

    const installed = join(app, 'node_modules', 'evalgate');
    check(lstatSync(installed).isDirectory() && !lstatSync(installed).isSymbolicLink(), 'node_modules/evalgate is not a plain folder');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    check(manifest.version === VERSION, `node_modules/evalgate is ${manifest.version}, expected ${VERSION}`);
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      check(!existsSync(join(installed, 'node_modules', peer)), `evalgate got its own copy of ${peer}: the peer range does not accept the app's`);
    }
    const cdkLib = (JSON.parse(readFileSync(join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')) as { version: string }).version;
    // cdk.json as `cdk init` writes it for the installed aws-cdk-lib: its recommended feature flags in "context".
    const flags = JSON.parse((await runOk('node', ['-p', "JSON.stringify(require('aws-cdk-lib/cx-api').CURRENTLY_RECOMMENDED_FLAGS)"], app)).stdout) as Record<string, unknown>;
    const cdkJson = JSON.parse(readFileSync(join(app, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    writeFileSync(join(app, 'cdk.json'), `${JSON.stringify({ ...cdkJson, context: { ...flags, ...cdkJson.context } }, null, 2)}\n`);
    return `evalgate ${manifest.version} from the tarball, aws-cdk-lib ${cdkLib} shared as its peer, ${Object.keys(flags).length} recommended flags in cdk.json`;
  },
  { gate: true },
);

await step('tsc --noEmit (the app)', async () => {
  const version = (await runOk('npx', ['tsc', '--version'], app)).stdout.trim();
  await runOk('npx', ['tsc', '--noEmit'], app);
  return `${version}, cdk init's tsconfig (module NodeNext, CommonJS package)`;
});

const ENTRY_CHECKS = [
  ['types: CJS + node16', 'entry-points/tsconfig.cjs-node16.json', '.d.cts'],
  ['types: CJS + nodenext', 'entry-points/tsconfig.cjs-nodenext.json', '.d.cts'],
  ['types: ESM + nodenext', 'entry-points/esm/tsconfig.json', '.d.mts'],
  ['types: esnext + bundler', 'entry-points/tsconfig.bundler.json', '.d.mts'],
] as const;
for (const [name, tsconfig, declarations] of ENTRY_CHECKS) {
  await step(name, async () => {
    const ran = await runOk('npx', ['tsc', '-p', tsconfig, '--listFiles'], app);
    const read = ran.stdout.split('\n').filter((file) => file.includes('/node_modules/evalgate/'));
    check(read.length > 0 && read.every((file) => file.endsWith(declarations)), `expected evalgate's ${declarations} declarations, read: ${read.join(', ') || 'none'}`);
    return `4 entry points, ${read.length} ${declarations} files`;
  });
}

await step('node: require() (CJS)', async () => (await runOk('node', ['entry-points/require.cjs'], app)).stdout.trim());
await step('node: import (ESM)', async () => (await runOk('node', ['entry-points/import.mjs'], app)).stdout.trim());

await step('cdk synth', async () => {
  await runOk('npx', ['cdk', 'synth', '--quiet'], app);
  return 'offline, cdk-nag AwsSolutions checks passed';
});

await step('cdk.out checks', async () => {
  const out = join(app, 'cdk.out');
  type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> };
  const { Resources } = JSON.parse(readFileSync(join(out, 'FaqStack.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  const resources = Object.values(Resources);
  const pathOf = (r: Resource) => r.Metadata?.['aws:cdk:path'] ?? '';

  const layers = resources.filter((r) => r.Type === 'AWS::Lambda::LayerVersion' && pathOf(r).startsWith('FaqStack/Release/'));
  check(layers.length === 1, `expected one evals layer under FaqStack/Release, got ${layers.length}`);
  const layerDir = join(out, layers[0]!.Metadata!['aws:asset:path']!);
  const layerFiles = filesBelow(layerDir);
  const leaked = layerFiles.filter((file) => SAMPLE_SUITES.some((sample) => file.endsWith(`/${sample}`)));
  check(leaked.length === 0, `the repository's sample suites reached the layer: ${leaked.join(', ')}`);
  check(JSON.stringify(layerFiles) === JSON.stringify(['evalgate/policy.yaml', 'evalgate/suites/faq.yaml']), `evals layer holds: ${layerFiles.join(', ')}`);
  check(readFileSync(join(layerDir, 'evalgate', 'suites', 'faq.yaml'), 'utf8') === readFileSync(join(app, 'evals', 'suites', 'faq.yaml'), 'utf8'), 'the layer\'s faq.yaml is not the app\'s');
  check(readFileSync(join(layerDir, 'evalgate', 'policy.yaml'), 'utf8') === readFileSync(join(app, 'evals', 'policy.yaml'), 'utf8'), 'the layer\'s policy.yaml is not the app\'s');

  // Every release function runs the prebuilt bundles of the installed package, as they were shipped.
  const prebuilt = join(app, 'node_modules', 'evalgate', 'dist', 'assets', 'release-tasks');
  const tasks = resources.filter((r) => r.Type === 'AWS::Lambda::Function' && pathOf(r).startsWith('FaqStack/Release/'));
  check(tasks.length > 0, 'no release functions in the template');
  for (const task of tasks) {
    const handler = String(task.Properties.Handler);
    const asset = join(out, task.Metadata!['aws:asset:path']!);
    check(/^[a-z-]+\.handler$/.test(handler) && existsSync(join(asset, handler.replace(/\.handler$/, '.mjs'))), `${pathOf(task)}: handler ${handler} is not a prebuilt task`);
    check(JSON.stringify(filesBelow(asset)) === JSON.stringify(filesBelow(prebuilt)), `${pathOf(task)}: its code asset is not dist/assets/release-tasks`);
  }

  const team = resources.find((r) => pathOf(r) === 'FaqStack/Handler/Resource');
  const variables = ((team?.Properties.Environment ?? {}) as { Variables?: Record<string, unknown> }).Variables ?? {};
  for (const [name, value] of Object.entries(PINS)) check(variables[name] === value, `the team's function has ${name}=${JSON.stringify(variables[name])}, expected ${value}`);
  for (const name of ['EVALGATE_PINS_VERSION', 'EVALGATE_LIVE_CHECKS']) check(variables[name] !== undefined, `the team's function has no ${name}`);
  return `evals layer: ${layerFiles.join(', ')}; ${tasks.length} release functions on the prebuilt asset; the team's function has the pins and live checks`;
}, { needs: 'cdk synth' });

await step('evalgate --version', async () => {
  const printed = (await runOk('npx', ['evalgate', '--version'], app)).stdout.trim();
  check(printed.includes(VERSION), `printed '${printed}', expected ${VERSION}`);
  return printed;
});

await step('evalgate eval', async () => {
  // The handler reads its pins at cold start with readReleaseEnv(), as every version evalgate releases has them:
  // --model gives a module target that release environment.
  const ran = await runOk('npx', ['evalgate', 'eval', '--suite', 'faq', '--target', 'module:src/handler.ts', '--model', PINS.EVALGATE_MODEL_ID, '--fallback-model', PINS.EVALGATE_FALLBACK_MODEL_ID], app);
  return { note: ran.stdout.split('\n').find((line) => /^(PASS|BLOCK)/.test(line)) ?? 'exit 0', output: ran.stdout };
});

const junit = join('reports', 'junit.xml');
await step('unit tests -> JUnit', async () => {
  await runOk('npm', ['run', '--silent', 'test:junit'], app);
  const tests = readFileSync(join(app, junit), 'utf8').match(/<testcase /g)?.length ?? 0;
  check(tests > 0, `${junit} lists no test case`);
  return `${junit}: ${tests} test cases (node:test through tsx)`;
});

async function simulate(): Promise<string> {
  const { stdout } = await runOk('npx', ['evalgate', 'simulate', '--junit', junit], app);
  check(/=> Promoted; alias live at 100% on version 2/.test(stdout), `the release was not promoted:\n${indent(stdout)}`);
  return stdout;
}
await step('evalgate simulate', async () => {
  const output = await simulate();
  check(output.includes('synthesizing the CDK app'), 'the first run did not synthesize the app');
  return { note: 'release promoted (synthesized the app)', output };
});
await step('evalgate simulate (cached)', async () => {
  const output = await simulate();
  check(!output.includes('synthesizing the CDK app'), 'the second run synthesized again: the synth cache missed');
  return { note: 'release promoted (cached synth)', output: output.split('\n').filter((line) => line.includes('=>') || line.includes('scenario(s)')).join('\n') };
}, { needs: 'evalgate simulate' });

await step('evalgate init', async () => {
  const dir = join(work, 'init');
  await runOk('npx', ['evalgate', 'init', '--dir', dir], app);
  const written = filesBelow(dir);
  check(JSON.stringify(written) === JSON.stringify(['evals/policy.yaml', 'evals/suites/starter.yaml']), `init wrote: ${written.join(', ') || 'nothing'}`);
  return `wrote ${written.join(', ')} in a fresh dir`;
});

const total = performance.now() - started;
const failed = results.filter((r) => r.status === 'FAILED');
const width = Math.max(...results.map((r) => r.name.length));
console.log(`\n${'step'.padEnd(width)}  status   time    note`);
for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${seconds(r.ms).padStart(6)}  ${r.note}`);
console.log(`${'total'.padEnd(width)}  ${(failed.length ? 'FAILED' : 'ok').padEnd(7)}  ${seconds(total).padStart(6)}`);
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.map((r) => r.name).join(', ')}; the consumer app is kept in ${app}`);
  process.exitCode = 1;
} else {
  rmSync(work, { recursive: true, force: true });
}
