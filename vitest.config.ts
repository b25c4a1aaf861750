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
    // unit: plain modules, and the ports' contracts (test/contracts, over dynalite and s3rver); cdk: files that
    // synthesize CDK apps, the IAM oracle among them (aws-cdk-lib takes seconds to load, so they share
    // their workers' module cache); e2e: releases run end to end on the local stage. The consumer fixture is not
    // here: `npm run test:consumer` installs the packed tarball in an app of its own.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/lib/*.test.ts', 'test/lib/demo/**', 'test/lib/private/**', 'test/oracles/**', 'test/e2e/**', 'test/consumer/**', 'test/integ/**'], isolate: false } },
      { extends: true, test: { name: 'cdk', include: ['test/lib/*.test.ts', 'test/lib/demo/**/*.test.ts', 'test/lib/private/**/*.test.ts', 'test/oracles/**/*.test.ts', 'test/e2e/release.test.ts', 'test/e2e/fault-matrix.test.ts', 'test/integ/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/local-stage.test.ts', 'test/e2e/operator.test.ts'] } },
    ],
    environment: 'node',
    // aws-cdk-lib's CloudFormation schema validation triples the time of every synth: the demo stack's test runs
    // it (test/lib/demo/demo-stack.test.ts, the CloudFormation oracle of the templates), the others skip it.
    env: { CDK_VALIDATION: 'false' },
    setupFiles: ['test/setup/promise-with-resolvers.ts'],
    globalSetup: ['test/setup/demo-assembly.ts'],
    testTimeout: 20_000,
    // CDK test files synthesize in beforeAll: seconds each, more when other files run on the other core.
    hookTimeout: 60_000,
    // Worker-thread targets and child-process CLI runs are heavier than unit tests; two cores here.
    pool: 'forks',
    // Both cores: vitest would otherwise keep one for itself (availableParallelism - 1), and run every file in turn.
    maxWorkers: 2,
  },
});
