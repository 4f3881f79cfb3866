import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang limits only, minutes long: no test times the machine, and a loaded machine (both cores
    // busy, pwsh workers starting slowly) must not fail a test that is merely slow.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
