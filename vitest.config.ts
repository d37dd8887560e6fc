import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'models/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Interop tests start real peers (C++ servers, Orthanc, Chromium) on fixed loopback ports per file;
    // two cores do not gain from more parallel files anyway.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
