import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/promise-with-resolvers.ts'],
    testTimeout: 20_000,
    // CDK test files synthesize in beforeAll: seconds each, more when other files run on the other core.
    hookTimeout: 60_000,
    // Worker-thread targets and child-process CLI runs are heavier than unit tests; two cores here.
    pool: 'forks',
  },
});
