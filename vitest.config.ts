import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/promise-with-resolvers.ts'],
    testTimeout: 20_000,
    // Worker-thread targets and child-process CLI runs are heavier than unit tests; two cores here.
    pool: 'forks',
  },
});
