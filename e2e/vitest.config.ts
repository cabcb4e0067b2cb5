import { defineConfig } from 'vitest/config';

// Browser tests: each file starts a real Hearken server and a real Chromium. Files run one
// after another so a CI machine is not asked for several browsers at once.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // Screenshots are made on request (`npm run screenshots`), not in every test run.
    exclude: process.env.HEARKEN_SCREENSHOTS === '1' ? [] : ['e2e/screenshots.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
