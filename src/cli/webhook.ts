// `npm run webhook:add -- --url URL --events article.published,article.updated` registers an endpoint and
// prints its signing secret once; `npm run webhook:list` lists them (never the secrets) with their
// deliveries by status; `npm run webhook:remove -- ID` removes one with its deliveries.
// Exit codes: 0 done, 1 refused (no such webhook), 2 usage error or bad URL/events, 3 the database failed.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CLI_WRITE_LOCK_WAIT_MS, createDb } from '../db.js';
import { ARTICLE_EVENT_TYPES } from '../editorial/article-events.js';
import { env } from '../env.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  WebhookInputError,
  webhookEvents,
} from '../webhooks/endpoints.js';
import { runSubcommand, UsageError } from './commands.js';

const USAGE = `usage:
  npm run webhook:add -- --url URL --events EVENT[,EVENT...]
  npm run webhook:list
  npm run webhook:remove -- ID
Events: ${ARTICLE_EVENT_TYPES.join(', ')}.
Uses DATABASE_URL (default file:./data/newsroom.db).`;

function openDb() {
  return createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
}

async function run(command: string | undefined, argv: string[]): Promise<number> {
  if (command === 'add') {
    const { values } = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, events: { type: 'string' } },
    });
    if (!values.url) throw new UsageError('--url is required');
    if (!values.events) throw new UsageError('--events is required');
    const events = values.events.split(',').map((e) => e.trim());
    const db = await openDb();
    try {
      const { webhook, secret } = await createWebhook(db, {
        url: values.url,
        events,
        createdBy: `cli:${userInfo().username}`,
      });
      process.stdout.write(`${secret}\n`);
      process.stderr.write(
        `added webhook ${webhook.id}: ${webhook.url} (${webhookEvents(webhook).join(', ')}); ` +
          'the secret above signs its deliveries and is shown only this once\n',
      );
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  if (command === 'list') {
    parseArgs({ args: argv, options: {} });
    const db = await openDb();
    try {
      const [webhooks, counts] = await Promise.all([
        listWebhooks(db),
        db.delivery.groupBy({ by: ['webhookId', 'status'], _count: { _all: true } }),
      ]);
      for (const w of webhooks) {
        const count = (status: string) =>
          counts.find((c) => c.webhookId === w.id && c.status === status)?._count._all ?? 0;
        process.stdout.write(
          `${w.id}\t${w.url}\t${webhookEvents(w).join(',')}\tcreated ${w.createdAt.toISOString()} by ${w.createdBy}\t` +
            `${count('PENDING')} pending, ${count('DELIVERED')} delivered, ${count('FAILED')} failed\n`,
        );
      }
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  if (command === 'remove') {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !/^[1-9][0-9]*$/.test(positionals[0] ?? '') || id > 2 ** 31 - 1) {
      throw new UsageError('give exactly one webhook id (a number, as webhook:list shows it)');
    }
    const db = await openDb();
    try {
      const removed = await deleteWebhook(db, id);
      if (!removed) {
        process.stderr.write(`no webhook ${positionals[0]}\n`);
        return 1;
      }
      process.stderr.write(`removed webhook ${removed.id}: ${removed.url}\n`);
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  throw new UsageError(`unknown command "${command ?? ''}"`);
}

process.exitCode = await runSubcommand(USAGE, run, (error) =>
  error instanceof WebhookInputError ? { message: `--${error.field}: ${error.message}`, code: 2 } : undefined,
);
