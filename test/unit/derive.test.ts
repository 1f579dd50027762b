// The derive step shared by the page parser and the mutations, and the content hash that covers it.
import { describe, expect, it } from 'vitest';
import { contentHashOf, deriveArticle } from '../../src/ingest/derive.js';
import { parseArticlePage, readArticlePage } from '../../src/ingest/parse.js';

const PAGE = [
  'Monday, March 3, 2025',
  'World',
  'Ministers meet in Geneva',
  'Geneva: "We will keep talking," Foreign Minister Anna Berg said, Reuters reported.',
  'The talks resume next week, according to a statement from the Swiss Foreign Ministry.',
  'Related News',
  'An earlier meeting https://news.example/earlier',
].join('\n');

describe('deriveArticle', () => {
  it('derives from a page the same article a mutation with the same fields gets', () => {
    const { content, paragraphLines } = readArticlePage(PAGE);
    const parsed = parseArticlePage(PAGE);
    expect(deriveArticle(content, paragraphLines)).toEqual(parsed);
    // A mutation has no page lines; everything stored is the same, so the hash is too.
    expect(deriveArticle(content).contentHash).toBe(parsed.contentHash);
    expect(parsed.quotes.map((q) => [q.text, q.speaker])).toEqual([['We will keep talking', 'Anna Berg']]);
  });

  it('normalises edited text as the parser does', () => {
    const { content } = readArticlePage(PAGE);
    const edited = deriveArticle({
      ...content,
      headline: '  Ministers\u00a0meet in  Geneva ',
      paragraphs: content.paragraphs.map((p) => `${p}\u200b`),
    });
    expect(edited.headline).toBe('Ministers meet in Geneva');
    expect(edited.contentHash).toBe(parseArticlePage(PAGE).contentHash);
  });

  it('covers every derived value with the content hash, quotes and source kinds included', () => {
    const article = parseArticlePage(PAGE);
    const { contentHash, ...rest } = article;
    expect(contentHashOf(rest)).toBe(contentHash);
    const changed = [
      { ...rest, quotes: rest.quotes.map((q) => ({ ...q, speaker: null })) },
      { ...rest, quotes: [] },
      { ...rest, sources: rest.sources.map((s) => ({ ...s, name: `${s.name} News Agency` })) },
      { ...rest, paragraphs: rest.paragraphs.map((p) => ({ ...p, citations: [] })) },
      { ...rest, wordCount: rest.wordCount + 1 },
      { ...rest, section: { ...rest.section, slug: 'elsewhere' } },
    ];
    for (const variant of changed) expect(contentHashOf(variant)).not.toBe(contentHash);
  });
});
