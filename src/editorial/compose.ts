// Builds a ParsedArticle from edited fields with the ingest rules, so an edited article stores exactly
// what importing the same text would: normalised paragraphs, citations and sources re-derived.
import { collectPersons, findCitations, sourceSlug } from '../ingest/citations.js';
import { slugOrFallback } from '../ingest/slug.js';
import { sourceKey } from '../ingest/source-kinds.js';
import { countWords, normaliseLine } from '../ingest/text.js';
import type { ParsedArticle, ParsedParagraph, ParsedSourceRef } from '../ingest/types.js';

/** Everything an editor controls about an article's content (status and deletion live elsewhere). */
export interface ArticleFields {
  slug: string;
  headline: string;
  /** Section name, e.g. `World`; its slug is derived. */
  section: string;
  dateline: string | null;
  publishedAt: Date;
  paragraphs: readonly string[];
  relatedLinks: readonly { title: string; url: string | null }[];
}

export function composeArticle(fields: ArticleFields): ParsedArticle {
  const headline = normaliseLine(fields.headline);
  const texts = fields.paragraphs.map(normaliseLine);
  const persons = collectPersons([headline, ...texts]);
  const sources = new Map<string, ParsedSourceRef>();
  const paragraphs: ParsedParagraph[] = texts.map((text, n) => {
    const citations = findCitations(text, { persons });
    // Same keying as the page parser, so sources come out in first-citation order, once each.
    for (const c of citations) {
      const key = sourceKey(c.source.name) || sourceSlug(c.source.name);
      if (!sources.has(key)) sources.set(key, c.source);
    }
    return { position: n + 1, text, citations, line: n + 1 };
  });
  const section = normaliseLine(fields.section);
  return {
    slug: fields.slug,
    headline,
    section: { name: section, slug: slugOrFallback(section, 'section') },
    dateline: fields.dateline === null ? null : normaliseLine(fields.dateline),
    publishedAt: fields.publishedAt,
    paragraphs,
    sources: [...sources.values()],
    relatedLinks: fields.relatedLinks.map((l, i) => ({
      position: i + 1,
      title: normaliseLine(l.title),
      url: l.url,
    })),
    wordCount: paragraphs.reduce((sum, p) => sum + countWords(p.text), 0),
  };
}
