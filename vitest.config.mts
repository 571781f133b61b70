import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// One copy of graphql for every test: without the alias Vitest may load graphql's ESM build
// next to the CommonJS one that type-graphql uses, and schema objects from one are rejected by
// the other.
const graphqlAlias = { graphql: require.resolve('graphql') };

export default defineConfig({
  test: {
    // Each API test file opens its own database and server; files run in parallel up to this.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias: graphqlAlias },
        test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
      },
      {
        resolve: { alias: graphqlAlias },
        test: {
          name: 'api',
          root: 'api',
          include: ['test/**/*.test.ts'],
          // Searches API logs and public responses for personal data unless RATUSZ_TEST_PRIVACY_SCAN=0.
          globalSetup: ['test/support/privacy-scan.global.ts'],
          setupFiles: ['test/support/reflect-metadata.setup.ts', 'test/support/public-responses.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'dashboard',
          root: 'dashboard',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
