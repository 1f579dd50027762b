// The article shapes of the ingest step: the content a page or an editor gives (ArticleContent) and that
// content with everything derived from it (DerivedArticle), which the write path stores.
import type { ExtractedQuote } from './quotes.js';

/** Everything an editor controls about an article's content (status and deletion live elsewhere). */
export interface ArticleContent {
  slug: string;
  headline: string;
  /** Section name, e.g. `World`; its slug is derived. */
  section: string;
  dateline: string | null;
  publishedAt: Date;
  /** Body paragraphs in reading order. */
  paragraphs: readonly string[];
  relatedLinks: readonly { title: string; url: string | null }[];
}

export interface ParsedSourceRef {
  /** Display name as the article names it, e.g. `CNN`, `China's Foreign Ministry`. */
  name: string;
  /** Stable key: `slugify(name)`, e.g. `cnn`, `china-s-foreign-ministry`. */
  slug: string;
}

export interface ParsedCitation {
  source: ParsedSourceRef;
  /** The exact attribution phrase as it stands in the paragraph text, e.g. `state media Xinhua reported`. */
  phrase: string;
  /** Character offsets of `phrase` in the paragraph's stored text: `text.slice(start, end) === phrase`. */
  start: number;
  end: number;
  /** Which rule of the citation rule table matched (for debugging and docs). */
  rule: string;
}

export interface ParsedParagraph {
  /** 1-based reading order. */
  position: number;
  /** Normalised text (dateline removed from the first paragraph). */
  text: string;
  citations: ParsedCitation[];
  /** 1-based line number in the source page, for error messages. */
  line: number;
}

export interface ParsedRelatedLink {
  /** 1-based order under "Related News". */
  position: number;
  title: string;
  url: string | null;
}

/** An article's content, normalised, with everything derived from it (src/ingest/derive.ts). */
export interface DerivedArticle {
  slug: string;
  headline: string;
  section: { name: string; slug: string };
  dateline: string | null;
  publishedAt: Date;
  paragraphs: ParsedParagraph[];
  /** Distinct sources in first-citation order. */
  sources: ParsedSourceRef[];
  relatedLinks: ParsedRelatedLink[];
  /** Words in headline-less body text (all paragraphs). */
  wordCount: number;
  /** Direct quotations in reading order (docs/quotes.md). */
  quotes: ExtractedQuote[];
  /** sha256 over the content and every derived value: equal hashes, nothing to rewrite. */
  contentHash: string;
}

/** A page the parser cannot read. `file` and `line` say where; `message` is `file:line: reason`. */
export class ArticleParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ArticleParseError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
