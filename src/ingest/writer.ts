// Stores one parsed article in one transaction, upserting by slug; an unchanged article writes nothing.
import { createHash } from 'node:crypto';
import type { Db } from '../db.js';
import { loadArticleState, type RevisionChange, recordRevision } from '../editorial/revisions.js';
import { type ContentChangeOrigin, emitContentChange } from '../events.js';
import type { Prisma } from '../generated/prisma/client.js';
import { headlineColumns, syncDerived, titleKeyOf } from './derived.js';
import { sourceKind } from './source-kinds.js';
import type { ParsedArticle } from './types.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteResult {
  outcome: WriteOutcome;
  articleId: number;
  slug: string;
  paragraphs: number;
  sources: number;
}

type Tx = Prisma.TransactionClient;

export interface WriteOptions {
  /**
   * Who writes, for the revision history (src/editorial/revisions.ts): a creation and every changed
   * article record a revision. `false` when the caller records the revision itself (the mutations).
   */
  revision?: Pick<RevisionChange, 'author' | 'action'> | false;
}

const IMPORT_REVISION = { author: 'import', action: 'IMPORT' } as const;

/** A stable fingerprint of everything the writer stores, so re-importing an unchanged page is a no-op. */
export function contentHashOf(article: ParsedArticle): string {
  const canonical = JSON.stringify({
    headline: article.headline,
    section: article.section.name,
    dateline: article.dateline,
    publishedAt: article.publishedAt.toISOString(),
    paragraphs: article.paragraphs.map((p) => [
      p.text,
      p.citations.map((c) => [c.source.slug, c.phrase, c.start, c.end]),
    ]),
    sources: article.sources.map((s) => s.name),
    relatedLinks: article.relatedLinks.map((l) => [l.title, l.url]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Upserts the sources by slug and returns slug -> id. The first name seen for a slug is kept. */
async function upsertSources(tx: Tx, article: ParsedArticle): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const source of article.sources) {
    const row = await tx.source.upsert({
      where: { slug: source.slug },
      create: { slug: source.slug, name: source.name, kind: sourceKind(source.name) },
      update: { kind: sourceKind(source.name) },
      select: { id: true },
    });
    ids.set(source.slug, row.id);
  }
  return ids;
}

function articleContent(article: ParsedArticle, sourceIds: Map<string, number>) {
  const sourceId = (slug: string): number => {
    const id = sourceIds.get(slug);
    if (id === undefined) throw new Error(`citation names source "${slug}" missing from article.sources`);
    return id;
  };
  const citationCounts = new Map<string, number>();
  for (const p of article.paragraphs) {
    for (const c of p.citations)
      citationCounts.set(c.source.slug, (citationCounts.get(c.source.slug) ?? 0) + 1);
  }
  return {
    paragraphs: {
      create: article.paragraphs.map((p) => ({
        position: p.position,
        text: p.text,
        citations: {
          create: p.citations.map((c) => ({
            sourceId: sourceId(c.source.slug),
            phrase: c.phrase,
            start: c.start,
            end: c.end,
          })),
        },
      })),
    },
    sources: {
      create: article.sources.map((s, i) => ({
        sourceId: sourceId(s.slug),
        position: i + 1,
        citationCount: citationCounts.get(s.slug) ?? 0,
      })),
    },
    relatedLinks: {
      create: article.relatedLinks.map((l) => ({
        position: l.position,
        title: l.title,
        titleKey: titleKeyOf(l.title),
        url: l.url,
      })),
    },
  } satisfies Partial<Prisma.ArticleCreateInput>;
}

/** Writes inside a caller's transaction (the import CLI writes many pages in one). */
export async function writeArticleInTransaction(
  tx: Tx,
  article: ParsedArticle,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const revision = options.revision ?? IMPORT_REVISION;
  const contentHash = contentHashOf(article);
  const existing = await tx.article.findUnique({
    where: { slug: article.slug },
    select: { id: true, contentHash: true },
  });
  const summary = {
    slug: article.slug,
    paragraphs: article.paragraphs.length,
    sources: article.sources.length,
  };
  if (existing && existing.contentHash === contentHash) {
    return { outcome: 'unchanged', articleId: existing.id, ...summary };
  }

  const section = await tx.section.upsert({
    where: { slug: article.section.slug },
    create: { slug: article.section.slug, name: article.section.name },
    update: {},
    select: { id: true },
  });
  const sourceIds = await upsertSources(tx, article);
  const fields = {
    headline: article.headline,
    ...headlineColumns(article.headline),
    dateline: article.dateline,
    publishedAt: article.publishedAt,
    wordCount: article.wordCount,
    contentHash,
    section: { connect: { id: section.id } },
  };

  if (!existing) {
    const created = await tx.article.create({
      data: { slug: article.slug, ...fields, ...articleContent(article, sourceIds) },
      select: { id: true },
    });
    await syncDerived(tx, created.id, article);
    if (revision) await recordRevision(tx, created.id, null, { ...revision, action: 'CREATE' });
    return { outcome: 'created', articleId: created.id, ...summary };
  }

  const before = revision ? await loadArticleState(tx, existing.id) : null;
  // Children are replaced wholesale: positions and citations are derived from the text, so a diff would
  // cost more statements than it saves and could leave stale offsets behind.
  await tx.paragraph.deleteMany({ where: { articleId: existing.id } });
  await tx.articleSource.deleteMany({ where: { articleId: existing.id } });
  await tx.relatedLink.deleteMany({ where: { articleId: existing.id } });
  await tx.article.update({
    where: { id: existing.id },
    data: { ...fields, ...articleContent(article, sourceIds) },
    select: { id: true },
  });
  await syncDerived(tx, existing.id, article);
  if (revision) await recordRevision(tx, existing.id, before, revision);
  return { outcome: 'updated', articleId: existing.id, ...summary };
}

/** Stores one parsed article in its own transaction, then tells the write hook (src/events.ts). */
export async function writeArticle(
  db: Db,
  article: ParsedArticle,
  origin: ContentChangeOrigin = 'import',
): Promise<WriteResult> {
  const result = await db.$transaction((tx) => writeArticleInTransaction(tx, article));
  if (result.outcome !== 'unchanged') emitContentChange({ origin, articleIds: [result.articleId] });
  return result;
}
