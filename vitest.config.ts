import { defineConfig } from 'vitest/config';

/**
 * API suites whose answers depend on the database: they run a second time on PostgreSQL (their helpers
 * build a PostgreSQL database when TEST_DATABASE=postgresql), so both providers answer the same.
 */
const PROVIDER_SENSITIVE_SUITES = [
  'test/api.test.ts',
  'test/article-lists.test.ts',
  'test/search.test.ts',
  'test/editorial.test.ts',
  'test/quotes-related.test.ts',
  'test/visibility.test.ts',
  'test/n-plus-one.test.ts',
  'test/reader.test.ts',
  'test/headline-contains.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs and index.js; Node (and so Pothos and Yoga in node_modules) loads the
    // CJS one, so our own imports must too, or graphql sees two copies of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // Each test file builds its own database, so files can run in parallel safely.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'] },
      },
      {
        extends: true,
        // A throwaway cluster for the run (initdb + pg_ctl; fails saying how to install PostgreSQL when
        // its binaries are missing), the suites above on it, and test/postgres/ (migrations, npm start,
        // import and db:copy compared with SQLite byte for byte).
        test: {
          name: 'postgresql',
          include: [...PROVIDER_SENSITIVE_SUITES, 'test/postgres/**/*.test.ts'],
          env: { TEST_DATABASE: 'postgresql' },
          globalSetup: ['test/helpers/postgres-setup.ts'],
        },
      },
    ],
  },
});
