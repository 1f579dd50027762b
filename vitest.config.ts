import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs and index.js; Node (and so Pothos and Yoga in node_modules) loads the
    // CJS one, so our own imports must too, or graphql sees two copies of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // Each test file builds its own SQLite file, so files can run in parallel safely.
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
