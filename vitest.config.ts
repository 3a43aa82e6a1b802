import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Integration tests through real pwsh take 25-35 s alone and up to ~70 s on a busy 2-core
    // machine: a limit is for a hang, not for a slow neighbour.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most of the suite's time is spent waiting on child processes (the built CLI, pwsh, the Graph
    // emulator), not on the CPU: three workers on a 2-core machine take the run from ~12.5 to ~6.5 min.
    maxWorkers: 3,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
