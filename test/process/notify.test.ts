// Webhooks and live subscriptions across processes: an event committed by a process that is killed before
// it could deliver is delivered by the next server to start; a write by the import CLI (another process)
// reaches a live subscriber of this one.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.js';
import { createWebhook } from '../../src/webhooks/endpoints.js';
import { verifySignature } from '../../src/webhooks/signature.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { ROOT, TSX } from '../helpers/fixtures.js';
import { pageText } from '../helpers/pages.js';
import { runCommand } from '../helpers/process.js';
import { startReceiver } from '../helpers/receiver.js';
import { subscribe } from '../helpers/sse.js';
import { setupSuite } from '../helpers/suite.js';

const PRISMA = join(ROOT, 'node_modules', '.bin', 'prisma');

/** Resolves with the child's stdout once it prints a line matching `pattern`. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

describe('a webhook event committed by a process killed before delivering it', () => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.cleanup());

  it('is delivered, signed, by the next server to start on the database', async () => {
    database = await createTestDatabase();
    const { db, dir } = database;
    await db.$disconnect();
    // A database as `npm start` makes it (migrations recorded), so the server's own migrate step passes.
    const url = `file:${join(dir, 'server.db')}`;
    const migrate = await runCommand(PRISMA, ['migrate', 'deploy'], { DATABASE_URL: url });
    expect(migrate.code, migrate.stderr).toBe(0);

    const receiver = await startReceiver();
    const server: { child?: ChildProcess } = {};
    try {
      const serverDb = await createDb(url);
      const { secret } = await createWebhook(serverDb, {
        url: receiver.url,
        events: ['article.published'],
        createdBy: 'test',
      });
      await serverDb.$disconnect();

      const page = join(dir, 'page.txt');
      writeFileSync(
        page,
        pageText({
          date: '2024-06-20',
          section: 'World',
          headline: 'Storm closes the harbour',
          paragraphs: ['The harbour closed on Monday.'],
        }),
      );
      // node itself with tsx as a loader, not the tsx wrapper: SIGKILL must reach the process that wrote.
      const child = join(ROOT, 'test', 'helpers', 'write-and-hang-child.ts');
      const writer = spawn(process.execPath, ['--import', 'tsx', child, url, page], { cwd: ROOT });
      await waitForLine(writer, /committed .+/);
      writer.kill('SIGKILL');
      await exited(writer);
      expect(receiver.received).toEqual([]);

      server.child = spawn(TSX, ['src/server.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: url,
          LOG_LEVEL: 'warn',
          PUBLIC_URL: 'https://news.example',
        },
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
      };
      server.child.stdout?.on('data', collect);
      server.child.stderr?.on('data', collect);
      const [got] = await receiver.waitFor(1, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; server output:\n${output}`);
      });
      expect(got?.json).toMatchObject({
        type: 'article.published',
        article: {
          slug: 'storm-closes-the-harbour',
          url: 'https://news.example/articles/storm-closes-the-harbour',
        },
      });
      expect(verifySignature(secret, got?.body ?? '', String(got?.headers['newsroom-signature']))).toBe(true);
      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
    } finally {
      if (server.child?.exitCode === null) server.child.kill('SIGKILL');
      await receiver.close();
    }
  });
});

describe('npm run webhook:add / webhook:list / webhook:remove', () => {
  const t = setupSuite({ app: false });
  const cli = (...args: string[]) =>
    runCommand(TSX, ['src/cli/webhook.ts', ...args], { DATABASE_URL: t.url });

  it('adds an endpoint (the secret once, on stdout), lists it without the secret, removes it', async () => {
    const added = await cli(
      'add',
      '--url',
      'https://cms.example/hooks',
      '--events',
      'article.updated,article.published',
    );
    expect(added.code, added.stderr).toBe(0);
    const secret = added.stdout.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toMatch(
      /^added webhook 1: https:\/\/cms\.example\/hooks \(article\.published, article\.updated\)/,
    );

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^1\thttps:\/\/cms\.example\/hooks\tarticle\.published,article\.updated\tcreated .+ by cli:.+\t0 pending, 0 delivered, 0 failed\n$/,
    );
    expect(listed.stdout).not.toContain(secret);

    expect((await cli('remove', '1')).code).toBe(0);
    const again = await cli('remove', '1');
    expect([again.code, again.stderr]).toEqual([1, 'no webhook 1\n']);
  });

  it('refuses a bad URL, an unknown event or missing options with exit 2 and one line saying why', async () => {
    const badUrl = await cli('add', '--url', 'ftp://cms.example', '--events', 'article.published');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr.split('\n')[0]).toBe('--url: "ftp://cms.example" is not an http:// or https:// URL');
    const badEvent = await cli('add', '--url', 'https://cms.example', '--events', 'article.read');
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr.split('\n')[0]).toMatch(/^--events: unknown event "article\.read"/);
    expect((await cli('add', '--url', 'https://cms.example')).code).toBe(2);
    expect((await cli('remove', 'x')).code).toBe(2);
    expect(await t.db.webhook.count()).toBe(0);
  });
});

describe('a live subscriber of this process', () => {
  const t = setupSuite();

  it('hears the import CLI publish an article and change it (another process)', async () => {
    const page = join(t.dir, 'ferry.txt');
    const spec = {
      date: '2024-06-21',
      section: 'Sport',
      headline: 'Ferry race won in record time',
      paragraphs: ['The race ended at noon.'],
    };
    writeFileSync(page, pageText(spec));
    const published = await subscribe(
      t.app,
      'subscription { articlesPublished(section: "sport") { slug headline } }',
    );
    const changed = await subscribe(
      t.app,
      'subscription ($slug: String!) { articleChanged(slug: $slug) { removed changedFields article { paragraphs { text } } } }',
      { slug: 'ferry-race-won-in-record-time' },
    );
    try {
      const env = { DATABASE_URL: t.url };
      const first = await runCommand(TSX, ['src/cli/import.ts', page], env);
      expect(first.code, first.stderr).toBe(0);
      expect((await published.next(10_000)).data.articlesPublished).toEqual({
        slug: 'ferry-race-won-in-record-time',
        headline: 'Ferry race won in record time',
      });
      expect((await changed.next(10_000)).data.articleChanged).toMatchObject({
        removed: false,
        changedFields: [],
      });

      writeFileSync(page, pageText({ ...spec, paragraphs: ['The race ended at noon.', 'A record.'] }));
      const second = await runCommand(TSX, ['src/cli/import.ts', page], env);
      expect(second.code, second.stderr).toBe(0);
      expect((await changed.next(10_000)).data.articleChanged).toEqual({
        removed: false,
        changedFields: ['paragraphs'],
        article: { paragraphs: [{ text: 'The race ended at noon.' }, { text: 'A record.' }] },
      });
    } finally {
      published.close();
      changed.close();
    }
  });
});
