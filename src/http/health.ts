// GET /health: 200 only when the database answers what a reader needs (the newest public article with its
// paragraphs, section and sources, and a full-text search that finds it), else 503 with the reason.
// Yoga's own liveness probe is /live. A full check of the file is `npm run db:check` (src/cli/db-check.ts).
import type { Plugin } from 'graphql-yoga';
import { type Db, providerOf } from '../db.js';
import { visibleArticleWhere } from '../editorial/publication.js';
import { Prisma } from '../generated/prisma/client.js';
import { toFtsQuery } from '../search/fts-query.js';

const HEALTH_PATH = '/health';

export type HealthReport = { status: 'ok' } | { status: 'unavailable'; reason: string };

/** The part of an error worth showing: SQLite's own words (`database disk image is malformed`). */
function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? 'unknown error').slice(0, 300);
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${what}: ${shortReason(error)}`, { cause: error });
  }
}

/**
 * A real read, cheap enough for every probe (six small indexed statements): the newest public article as the
 * front page and the article page load it, then a MATCH on a word of its headline that must find it, as
 * search would. Corrupt pages on that path fail it; the rest of the file is `db:check`'s to scan.
 */
export async function checkDatabaseHealth(db: Db, now: Date = new Date()): Promise<HealthReport> {
  try {
    const newest = await step('reading the newest article', () =>
      db.article.findFirst({
        where: visibleArticleWhere({ viewer: null, now }),
        orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
        select: {
          id: true,
          slug: true,
          headline: true,
          section: { select: { name: true } },
          paragraphs: { select: { position: true, text: true }, orderBy: { position: 'asc' } },
          sources: { select: { source: { select: { name: true } } } },
        },
      }),
    );
    // A word of its headline must find it (with no article, a search must still run), through the
    // provider's own full-text search (src/db/provider.ts), restricted to that article.
    const word = newest?.headline.match(/[\p{L}\p{N}\p{M}]+/u)?.[0];
    const fts = toFtsQuery(word ?? 'news');
    const only = newest ? Prisma.sql`"Article"."id" = ${newest.id}` : Prisma.sql`1 = 1`;
    const found = fts ? await step('searching', () => providerOf(db).searchRanked(db, fts, only, 1)) : [];
    if (newest && newest.paragraphs.length === 0) {
      return { status: 'unavailable', reason: `article "${newest.slug}" has no paragraphs` };
    }
    if (newest && word !== undefined && found.length === 0) {
      return {
        status: 'unavailable',
        reason: `searching: the search index does not find article "${newest.slug}" by "${word}"`,
      };
    }
    return { status: 'ok' };
  } catch (error) {
    return { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}

export function useDatabaseHealth(db: Db): Plugin {
  // Probes arriving together share one check; a change of state is logged once, with its cause.
  let running: Promise<HealthReport> | undefined;
  let lastStatus: HealthReport['status'] = 'ok';
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== HEALTH_PATH) return;
      running ??= checkDatabaseHealth(db).finally(() => {
        running = undefined;
      });
      const report = await running;
      if (report.status !== lastStatus) {
        lastStatus = report.status;
        if (report.status === 'ok') console.log('health: the database answers again');
        else console.error(`health: ${report.reason}`);
      }
      endResponse(
        fetchAPI.Response.json(report, {
          status: report.status === 'ok' ? 200 : 503,
          headers: { 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
