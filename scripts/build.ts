/**
 * Bundles the CLI into dist/cli with esbuild. Commands and target kinds are split into chunks loaded on
 * demand, so `evalgate eval` against an HTTP target never loads esbuild, the AWS SDK or the report renderers.
 */
import { rmSync } from 'node:fs';
import { analyzeMetafile, build } from 'esbuild';

const started = performance.now();
// Chunk names carry content hashes: clear the folder so stale chunks never pile up.
rmSync('dist/cli', { recursive: true, force: true });
const result = await build({
  entryPoints: { evalgate: 'bin/evalgate.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies are bundled too: one module graph parsed once starts far faster than hundreds of files
  // resolved from node_modules. The AWS SDK and esbuild stay external (large, and only loaded on demand).
  external: ['esbuild', '@aws-sdk/*', 'aws-cdk-lib', 'constructs', 'aws-local-stepfunctions'],
  minifySyntax: true,
  // Bundled CommonJS dependencies (yaml) require node built-ins; give the ESM bundle a real `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
console.log(`built dist/cli/evalgate.js in ${Math.round(performance.now() - started)} ms`);
if (process.env.EVALGATE_BUILD_ANALYZE) console.log(await analyzeMetafile(result.metafile));
