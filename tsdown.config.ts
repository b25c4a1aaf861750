import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'lib/index.ts', runtime: 'functions/runtime/index.ts', evals: 'evals/engine/index.ts', release: 'functions/release/index.ts' },
  format: ['esm', 'cjs'],
  outDir: 'dist/lib',
  platform: 'node',
  target: 'node20',
  dts: true,
  shims: true,
  clean: true,
  // The declarations take most of the build's time; rolldown's timing notice says so at every build.
  inputOptions: { checks: { pluginTimings: false } },
});
