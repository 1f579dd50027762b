// setupSuite(): the database, app and tokens one test file runs against, built and removed by vitest hooks
// it registers itself (after KeystoneJS's setupTestRunner), so a test file holds only its tests.
//
//   const t = setupSuite({ seed: true, tokens: { write: ['editor', 'write'] } });
//
//   it('shows an editor every stored article', async () => {
//     const res = await gql(t.app, '{ articles { totalCount } }', {}, t.auth.write);
//     expect(res.data.articles.totalCount).toBe(await t.db.article.count());
//   });
//
// Call it once at the top of a file (or of a describe block, for a database only that block uses).
// Its beforeAll builds, in this order:
//   - a fresh SQLite file from the committed migrations: t.db (Prisma), t.url, t.path, t.dir (its own folder);
//   - seed: true       the seed page imported, as `npm run seed` does;
//   - data: (db) => …  the file's own rows;
//   - the app:         t.app = createApp({ db, logging: false, ...app }); `app` is createApp's other options,
//                      or (db) => options for ones built on the database, or false for no app;
//   - tokens: { key: [name, scope] }   API tokens; t.auth.key is the ready { authorization: 'Bearer …' }.
// timeout: the hook's timeout, for a large `data`. Its afterAll disconnects and deletes the folder.
//
// The fields exist once beforeAll has run: read them in tests and hooks, never while the file is collected
// (a read that early throws, naming the field). t.auth.<key> is the exception: the object exists at once and
// gets its header in beforeAll, so `const WRITE = t.auth.write;` at the top of a file works.
// For a raw database or a second one, use createTestDatabase or migrateFreshFile (./db.ts).
import { afterAll, beforeAll } from 'vitest';
import { createApiToken, type TokenScope } from '../../src/auth/tokens.js';
import type { Db } from '../../src/db.js';
import { seedDatabase } from '../../src/editorial/seed.js';
import { type App, type AppOptions, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './db.js';

type AppSettings = Omit<AppOptions, 'db'>;

export interface SuiteOptions<Key extends string> {
  seed?: boolean;
  data?: (db: Db) => Promise<unknown>;
  app?: AppSettings | ((db: Db) => AppSettings) | false;
  tokens?: Record<Key, readonly [name: string, scope: TokenScope]>;
  timeout?: number;
}

export interface Suite<Key extends string> {
  readonly db: Db;
  readonly url: string;
  readonly path: string;
  readonly dir: string;
  readonly app: App;
  /** Request headers carrying each token: pass them as gql()'s headers. */
  readonly auth: Readonly<Record<Key, Record<string, string>>>;
}

export function setupSuite<Key extends string = never>(options: SuiteOptions<Key> = {}): Suite<Key> {
  const tokens = Object.entries(options.tokens ?? {}) as [Key, readonly [string, TokenScope]][];
  const auth = Object.fromEntries(tokens.map(([key]) => [key, {}])) as Record<Key, Record<string, string>>;
  let database: TestDatabase | undefined;
  let app: App | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    if (options.seed) await seedDatabase(db);
    await options.data?.(db);
    if (options.app !== false) {
      const settings = typeof options.app === 'function' ? options.app(db) : options.app;
      app = createApp({ db, logging: false, ...settings });
    }
    for (const [key, [name, scope]] of tokens) {
      const headers: Record<string, string> = auth[key];
      headers.authorization = `Bearer ${await createApiToken(db, name, scope)}`;
    }
  }, options.timeout);

  afterAll(async () => {
    await database?.cleanup();
  });

  const built = <T>(field: string, value: T | undefined): T => {
    if (value === undefined) {
      const why = field === 'app' && options.app === false ? 'setupSuite({ app: false }) builds no app' : '';
      throw new Error(
        why || `setupSuite: t.${field} is read before beforeAll built it; read it in a test or hook`,
      );
    }
    return value;
  };
  return {
    get db() {
      return built('db', database).db;
    },
    get url() {
      return built('url', database).url;
    },
    get path() {
      return built('path', database).path;
    },
    get dir() {
      return built('dir', database).dir;
    },
    get app() {
      return built('app', app);
    },
    auth,
  };
}
