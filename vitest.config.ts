import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-teardown.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    mockReset: true,
    restoreMocks: true,
    unstubEnvs: true,
    // Docker integration tests share one engine and 2 cores: keep files sequential so timings stay honest.
    fileParallelism: false,
  },
});
