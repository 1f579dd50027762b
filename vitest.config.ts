import { defineConfig } from 'vitest/config';

/**
 * API suites whose answers depend on the database: the `postgresql` project runs them a second time on
 * PostgreSQL (test/helpers/db.ts builds a PostgreSQL database when TEST_DATABASE=postgresql), so both
 * providers are held to the same expectations.
 */
const PROVIDER_SENSITIVE_SUITES = [
  'api', // the article page and the seed
  'article-lists', // lists, filters, ordering, counts
  'cursors', // keyset cursors
  'headline-contains',
  'search',
  'editorial', // mutations and revisions
  'bulk-import', // the multi-row write path
  'quotes-related', // quotes, related links (triggers)
  'visibility', // the visibility rule as SQL
  'n-plus-one', // statements per request
  'reader',
  'webhooks', // the outbox, claims and retries in raw SQL
  'subscriptions', // events resolved by the visibility rule
].map((name) => `test/api/${name}.test.ts`);

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
    // One project per kind of test (README, Tests): `npx vitest run --project unit` runs only the fast part.
    // Each extends this file, so the alias and the options above hold in all of them.
    projects: [
      {
        extends: true,
        // Pure functions: no database, no server, no child process. With no state to leak, the files share
        // one module graph (isolate: false) instead of a fresh worker each, which takes this project from
        // about 9 s to 3 s on a 2-core machine.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          isolate: false,
          testTimeout: 5_000,
          hookTimeout: 10_000,
        },
      },
      {
        extends: true,
        // In-process: a real SQLite file per file (test/helpers/suite.ts), requests through app.fetch.
        // Test files still flat in test/ (added on another branch) run here until they find their folder.
        test: { name: 'api', include: ['test/api/**/*.test.ts', 'test/*.test.ts'] },
      },
      {
        extends: true,
        // Child processes: the CLIs, `npm run seed`, `npm start`, prisma and gql.tada, another writer.
        test: {
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // A throwaway PostgreSQL cluster for the run (test/helpers/postgres-setup.ts: initdb + pg_ctl; fails
        // saying how to install PostgreSQL when its binaries are missing), the suites above on it, and
        // test/postgres/ (migrations, npm start, imports and db:copy compared with SQLite byte for byte).
        test: {
          name: 'postgresql',
          include: [...PROVIDER_SENSITIVE_SUITES, 'test/postgres/**/*.test.ts'],
          env: { TEST_DATABASE: 'postgresql' },
          globalSetup: ['test/helpers/postgres-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Debian's Chromium against the real HTTP server.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
