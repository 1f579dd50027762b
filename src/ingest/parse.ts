// Reads one plain-text article page (date, section, headline, paragraphs, related links) into its content,
// then derives the rest with the same step the editorial mutations use (./derive.ts).

import { splitDateline } from './dateline.js';
import { parseDateLine } from './dates.js';
import { deriveArticle } from './derive.js';
import { alternation, RELATED_HEADINGS, SHARE_NETWORKS } from './lexicon.js';
import { ARTICLE_LIMITS, contentLimitProblems } from './limits.js';
import { slugOrFallback } from './slug.js';
import { decodePage, normaliseLine, splitLines } from './text.js';
import {
  type ArticleContent,
  ArticleParseError,
  type DerivedArticle,
  type ParsedRelatedLink,
} from './types.js';

export interface ParseOptions {
  /** Used only in error messages; defaults to `<input>`. */
  file?: string;
}

interface Line {
  text: string;
  /** 1-based line number in the page. */
  line: number;
}

const NETWORK = alternation(SHARE_NETWORKS);
const NETWORK_LIST = `(?:\\s*[|,/·•]?\\s*${NETWORK})*`;
/** `Share on`, `Share on Facebook Twitter`, `Share this article:`, `Share:`. */
export const SHARE_MARKER = new RegExp(
  `^share(?:\\s+(?:on|via|this(?:\\s+(?:article|story|post|page))?))?\\s*:?${NETWORK_LIST}\\s*$`,
  'i',
);
/** `Related News`, `Related Articles`, `Also Read`… (RELATED_HEADINGS), each optionally ending in `:`. */
export const RELATED_HEADER = new RegExp(`^${alternation(RELATED_HEADINGS)}\\s*:?$`, 'i');

const URL = String.raw`https?://[^\s<>()\[\]]+`;
const MARKDOWN_LINK = new RegExp(String.raw`^\[(.+)\]\((${URL})\)$`, 'u');
const URL_ONLY = new RegExp(String.raw`^[(<\[]?(${URL})[)>\]]?$`, 'u');
const TRAILING_URL = new RegExp(String.raw`^(.*?\S)\s*(?:[|•·:–—-]\s*)?[(<\[]?(${URL})[)>\]]?$`, 'u');
const BULLET = /^(?:[-*•·▪►»]|\d{1,2}[.)])\s+/u;

/** A page's content and, for error messages, the page line of each paragraph. */
export interface PageContent {
  content: ArticleContent;
  paragraphLines: number[];
}

/**
 * Parses a page and derives citations, sources and quotes. Never returns a partial article: anything it
 * cannot read throws {@link ArticleParseError} naming the file and the 1-based line.
 */
export function parseArticlePage(input: string | Uint8Array, options: ParseOptions = {}): DerivedArticle {
  const { content, paragraphLines } = readArticlePage(input, options);
  return deriveArticle(content, paragraphLines);
}

/** Reads a page's content: the page format only (docs/page-format.md), nothing derived. */
export function readArticlePage(input: string | Uint8Array, options: ParseOptions = {}): PageContent {
  const file = options.file ?? '<input>';
  const fail = (line: number, reason: string): never => {
    throw new ArticleParseError(file, line, reason);
  };

  const decoded = decodePage(input);
  if (typeof decoded !== 'string') return fail(decoded.line, decoded.reason);
  if (decoded.length > ARTICLE_LIMITS.page) {
    return fail(
      1,
      `the page is ${decoded.length.toLocaleString('en')} characters; at most ${ARTICLE_LIMITS.page.toLocaleString('en')} are allowed`,
    );
  }

  const lines: Line[] = [];
  for (const [i, raw] of splitLines(decoded).entries()) {
    const text = normaliseLine(raw);
    if (text !== '') lines.push({ text, line: i + 1 });
  }
  const isMarker = (l: Line): boolean => SHARE_MARKER.test(l.text) || RELATED_HEADER.test(l.text);

  const dateLine = lines[0];
  if (!dateLine) return fail(1, 'empty page: expected a date line, a section, a headline and paragraphs');
  const date = parseDateLine(dateLine.text);
  if (!date.ok) return fail(dateLine.line, date.reason);

  const section = lines[1];
  if (!section || isMarker(section)) {
    return fail(section?.line ?? dateLine.line + 1, 'missing section name after the date line');
  }
  const headline = lines[2];
  if (!headline || isMarker(headline)) {
    return fail(headline?.line ?? section.line + 1, 'missing headline after the section name');
  }

  let i = 3;
  const body: Line[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (!l || isMarker(l)) break;
    body.push(l);
  }
  if (body.length === 0) {
    return fail(lines[3]?.line ?? headline.line + 1, 'no body paragraphs after the headline');
  }

  // Between the share marker and the related list sits page furniture (share buttons, tags, "Advertisement",
  // follow-us links). Pages from other outlets put all sorts there, and rejecting the page for it would
  // lose the article; the body has ended at the share marker, so nothing of it is dropped.
  let inRelated = false;
  const relatedLines: Line[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (!l) break;
    if (!inRelated && RELATED_HEADER.test(l.text)) inRelated = true;
    else if (inRelated && !SHARE_MARKER.test(l.text)) relatedLines.push(l);
  }

  const first = body[0];
  const split = first ? splitDateline(first.text) : { dateline: null, text: '' };
  const content: ArticleContent = {
    slug: slugOrFallback(headline.text, 'article'),
    headline: headline.text,
    section: section.text,
    dateline: split.dateline,
    publishedAt: date.date,
    paragraphs: body.map((l, n) => (n === 0 ? split.text : l.text)),
    relatedLinks: parseRelated(relatedLines).map(({ title, url }) => ({ title, url })),
  };
  // The API's limits (src/ingest/limits.ts), checked before anything is derived: deriving a page far
  // past them is what costs seconds and memory.
  const [problem] = contentLimitProblems(content);
  if (problem) {
    const lineOf: Record<string, Line | undefined> = {
      section,
      headline,
      paragraphs: body[problem.index ?? 0],
      relatedLinks: relatedLines[problem.index ?? 0] ?? relatedLines.at(-1),
    };
    const at = lineOf[problem.field.split('.')[0] ?? ''] ?? headline;
    return fail(at.line, problem.reason);
  }
  return { content, paragraphLines: body.map((l) => l.line) };
}

/**
 * One link per line. A URL may end the line (`Title https://…`, `Title | https://…`,
 * `Title (https://…)`, `Title — https://…`), or come as `[Title](https://…)`. A line holding only a URL
 * belongs to the title on the line before it if that title has none yet; otherwise the URL is its own title.
 */
function parseRelated(lines: Line[]): ParsedRelatedLink[] {
  const links: ParsedRelatedLink[] = [];
  for (const { text: raw } of lines) {
    const text = raw.replace(BULLET, '');
    const onlyUrl = URL_ONLY.exec(text);
    if (onlyUrl?.[1]) {
      const url = cleanUrl(onlyUrl[1]);
      const previous = links.at(-1);
      if (previous && previous.url === null) previous.url = url;
      else links.push({ position: links.length + 1, title: url, url });
      continue;
    }
    const md = MARKDOWN_LINK.exec(text);
    const tail = md ? null : TRAILING_URL.exec(text);
    const title = (md?.[1] ?? tail?.[1] ?? text).replace(/\s*[|•·:–—-]$/u, '').trim();
    const url = md?.[2] ?? tail?.[2];
    if (title === '') continue;
    links.push({ position: links.length + 1, title, url: url ? cleanUrl(url) : null });
  }
  return links;
}

// Sentence punctuation that hugs a URL is not part of it.
function cleanUrl(url: string): string {
  return url.replace(/[.,;:!?'"’”]+$/u, '');
}
