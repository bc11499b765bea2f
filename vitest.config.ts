import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Each file gets its own database; two cores, so a few files at a time.
    pool: 'forks',
    maxWorkers: 2,
    // Fails a test whose API answers do not match their declared schemas.
    setupFiles: ['apps/api/test/helpers/response-contract.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
