import { defineConfig } from 'vitest/config';

/** `npm run test:live`: the read-only smoke test against a real tenant (VOICEFORM_LIVE=1). */
export default defineConfig({
  test: {
    include: ['test/live/**/*.live.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
