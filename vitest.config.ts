import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // tsconfig.json `paths`: the package's public entry points, as the sample and the demo import them.
    alias: [
      { find: /^evalgate$/, replacement: source('./lib/index.ts') },
      { find: /^evalgate\/runtime$/, replacement: source('./functions/runtime/index.ts') },
      { find: /^evalgate\/evals$/, replacement: source('./evals/engine/index.ts') },
      { find: /^evalgate\/release$/, replacement: source('./functions/release/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/consumer/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['test/setup/promise-with-resolvers.ts'],
    globalSetup: ['test/setup/demo-assembly.ts'],
    testTimeout: 20_000,
    // CDK test files synthesize in beforeAll: seconds each, more when other files run on the other core.
    hookTimeout: 60_000,
    // Worker-thread targets and child-process CLI runs are heavier than unit tests; two cores here.
    pool: 'forks',
  },
});
