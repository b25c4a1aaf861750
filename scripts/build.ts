/**
 * Builds what the package ships (package.json `files`):
 *  - dist/lib: the public entry points (evalgate, evalgate/runtime, evalgate/evals, evalgate/release) as ESM and
 *    CommonJS with their type declarations (tsdown.config.ts);
 *  - dist/assets/release-tasks: the release's task Lambdas, prebuilt (the constructs reference this folder as a
 *    code asset, as aws-cdk-lib's own custom resources do, so a team's synth needs no esbuild, no TypeScript
 *    sources and no lock file of ours). One folder for every task: each entry is a file of its own and the code
 *    they share (the AWS SDK clients, Powertools, middy, zod) is split into shared chunks, once;
 *  - dist/cli: the `evalgate` CLI, one bundle whose commands and target kinds are chunks loaded on demand, so
 *    `evalgate eval` against an HTTP target never loads esbuild, the AWS SDK or the report renderers.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeMetafile, build, type BuildOptions } from 'esbuild';
import { build as buildLibrary } from 'tsdown';

/** Where the constructs find the prebuilt task functions (lib/private/task-assets.ts reads the same path). */
export const RELEASE_TASKS_DIR = 'dist/assets/release-tasks';

// CommonJS dependencies inside an ESM bundle still call require().
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const releaseTasks: BuildOptions = {
  entryPoints: Object.fromEntries(readdirSync('functions/tasks').map((task) => [task, join('functions/tasks', task, 'index.ts')])),
  outdir: RELEASE_TASKS_DIR,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  // The SDK versions tested are the ones that run: bundled, not taken from the Lambda runtime.
  external: [],
  metafile: true,
  logLevel: 'warning',
};

const cli: BuildOptions = {
  entryPoints: { evalgate: 'bin/evalgate.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies are bundled too: one module graph parsed once starts far faster than hundreds of files
  // resolved from node_modules. The AWS SDK and esbuild stay external (large, and only loaded on demand): they are
  // dependencies of the package. The local stage's engine (aws-local-stepfunctions) is bundled: it declares
  // Node >= 22, which would warn every install on Node 20, where it runs with the polyfill of execute.ts.
  external: ['esbuild', '@aws-sdk/*'],
  alias: { '@aws-sdk/credential-providers': './lib/local-stage/no-aws-credentials.ts' },
  minifySyntax: true,
  banner: { js: REQUIRE_BANNER },
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
};

const started = performance.now();
// Chunk names carry content hashes: clear the folders so stale chunks never pile up.
for (const dir of ['dist/cli', RELEASE_TASKS_DIR]) rmSync(dir, { recursive: true, force: true });
const [, tasks, cliResult] = await Promise.all([buildLibrary({ config: 'tsdown.config.ts', logLevel: 'warn' }), build(releaseTasks), build(cli)]);
// The CLI never loads aws-cdk-lib (seconds to load; the local stage synthesizes in the team's own process), so a
// construct module reached from it by accident is a build error, not a slow CLI.
const cdkInCli = Object.keys(cliResult.metafile!.inputs).filter((input) => /node_modules\/(aws-cdk-lib|constructs|cdk-nag)\//.test(input));
if (cdkInCli.length > 0) throw new Error(`the CLI bundle must not contain aws-cdk-lib, got ${cdkInCli.length} of its files, e.g. ${cdkInCli[0]}`);
console.log(`built dist/lib, ${RELEASE_TASKS_DIR} and dist/cli in ${Math.round(performance.now() - started)} ms`);
if (process.env.EVALGATE_BUILD_ANALYZE) {
  console.log(await analyzeMetafile(tasks.metafile!));
  console.log(await analyzeMetafile(cliResult.metafile!));
}
