// B2: node:http + better-sqlite3, building W1's JSON (the article page) by hand from 6 prepared statements.
import Database from 'better-sqlite3';
import { databasePathOf } from '../../src/env.js';
import { serve, serverArgs } from './common.js';

const { port, databaseUrl } = serverArgs();
const sqlite = new Database(databasePathOf(databaseUrl), { readonly: true });
sqlite.pragma('cache_size = -32000');
sqlite.pragma('mmap_size = 268435456');

const articleBySlug = sqlite.prepare(
  `SELECT a.id, a.slug, a.headline, a.dateline, a.publishedAt, a.wordCount, s.slug AS sectionSlug, s.name AS sectionName
   FROM Article a JOIN Section s ON s.id = a.sectionId WHERE a.slug = ? AND a.status = 'PUBLISHED'`,
);
const sourcesOf = sqlite.prepare(
  `SELECT s.name, s.slug FROM ArticleSource x JOIN Source s ON s.id = x.sourceId
   WHERE x.articleId = ? ORDER BY x.position`,
);
const paragraphsOf = sqlite.prepare(
  'SELECT id, position, text FROM Paragraph WHERE articleId = ? ORDER BY position',
);
const citationsOf = sqlite.prepare(
  `SELECT c.paragraphId, c.phrase, c.start, c."end", s.slug, s.name FROM Citation c
   JOIN Paragraph p ON p.id = c.paragraphId JOIN Source s ON s.id = c.sourceId
   WHERE p.articleId = ? ORDER BY c.paragraphId, c.start`,
);
const relatedOf = sqlite.prepare(
  `SELECT l.position, l.title, l.url, t.slug, t.headline FROM RelatedLink l LEFT JOIN Article t ON t.id = l.targetArticleId
   WHERE l.articleId = ? ORDER BY l.position`,
);
const quotesOf = sqlite.prepare(
  `SELECT q.text, q.speaker, p.position FROM Quote q JOIN Paragraph p ON p.id = q.paragraphId
   WHERE q.articleId = ? ORDER BY q.position`,
);
let statements = 0;

interface ArticleRow {
  id: number;
  slug: string;
  headline: string;
  dateline: string | null;
  publishedAt: string;
  wordCount: number;
  sectionSlug: string;
  sectionName: string;
}
interface CitationRow {
  paragraphId: number;
  phrase: string;
  start: number;
  end: number;
  slug: string;
  name: string;
}

function articlePage(slug: string) {
  statements++;
  const a = articleBySlug.get(slug) as ArticleRow | undefined;
  if (!a) return { data: { article: null } };
  statements += 5;
  const citations = new Map<number, unknown[]>();
  for (const c of citationsOf.all(a.id) as CitationRow[]) {
    const list = citations.get(c.paragraphId) ?? [];
    // Keys in the document's order, so the answer is byte-identical to the GraphQL servers' (run.ts checks).
    list.push({ start: c.start, end: c.end, phrase: c.phrase, source: { name: c.name, slug: c.slug } });
    citations.set(c.paragraphId, list);
  }
  const paragraphs = (paragraphsOf.all(a.id) as { id: number; position: number; text: string }[]).map(
    (p) => ({
      position: p.position,
      text: p.text,
      citations: citations.get(p.id) ?? [],
    }),
  );
  const related = relatedOf.all(a.id) as {
    position: number;
    title: string;
    url: string | null;
    slug: string | null;
    headline: string | null;
  }[];
  return {
    data: {
      article: {
        id: Buffer.from(`Article:${a.id}`).toString('base64'),
        slug: a.slug,
        headline: a.headline,
        dateline: a.dateline,
        publishedAt: new Date(a.publishedAt).toISOString(),
        wordCount: a.wordCount,
        section: { name: a.sectionName, slug: a.sectionSlug },
        sources: sourcesOf.all(a.id),
        paragraphs,
        quotes: (quotesOf.all(a.id) as { text: string; speaker: string | null; position: number }[]).map(
          (q) => ({
            text: q.text,
            speaker: q.speaker,
            paragraph: { position: q.position },
          }),
        ),
        relatedLinks: related.map((l) => ({
          position: l.position,
          title: l.title,
          url: l.url,
          article: l.slug ? { slug: l.slug, headline: l.headline } : null,
        })),
      },
    },
  };
}

serve(
  port,
  (req, res) => {
    const slug = new URL(req.url ?? '/', 'http://localhost').searchParams.get('slug') ?? '';
    const body = JSON.stringify(articlePage(slug));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  },
  () => statements,
);
