import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/helpers/require-ts.ts'],
    // The CLI's config cache (src/cli/config-cache.ts) of the commands tests run: not the user's ~/.cache.
    env: { BOUNCEGUARD_CACHE_DIR: path.join(os.tmpdir(), 'bounceguard-test-cache') },
  },
});
