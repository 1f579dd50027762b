// How big an article may be, wherever it comes from: a page file, importArticlePage, or the create and
// update mutations. One table, so a page the import CLI accepts is one the API would accept too.
// Query limits (depth, cost) are another thing: QUERY_LIMITS in src/http/limits.ts.
import { MAX_PLACE_LENGTH } from './dateline.js';

/** Characters (UTF-16 units) for text, items for lists. */
export const ARTICLE_LIMITS = {
  headline: 300,
  section: 100,
  slug: 200,
  dateline: MAX_PLACE_LENGTH,
  paragraph: 10_000,
  paragraphs: 200,
  /** All paragraphs together: a long feature runs to ~60,000; this leaves room and bounds a write. */
  bodyText: 80_000,
  relatedLinks: 50,
  linkTitle: 300,
  url: 2_000,
  /** A whole page as text (importArticlePage's `text`, a page file). */
  page: 100_000,
} as const;

/**
 * The most bytes a page file may have before it is read: `page` characters of UTF-8 (at most 3 bytes each
 * for the characters a UTF-16 unit can hold), so an oversized file is refused without reading it.
 */
export const MAX_PAGE_FILE_BYTES = ARTICLE_LIMITS.page * 3;

export interface LimitProblem {
  /** Which part of the article: `headline`, `paragraphs.3`, `relatedLinks.2.url`… (as the API names it). */
  field: string;
  /** 0-based index into the page lines for a paragraph or link, when the caller knows it. */
  index?: number;
  reason: string;
}

const tooLong = (what: string, max: number, got: number) =>
  `${what} is ${got.toLocaleString('en')} characters; at most ${max.toLocaleString('en')} are allowed`;

/** Every limit the content breaks, in reading order (empty when it fits). */
export function contentLimitProblems(content: {
  headline: string;
  section: string;
  paragraphs: readonly string[];
  relatedLinks: readonly { title: string; url: string | null }[];
}): LimitProblem[] {
  const L = ARTICLE_LIMITS;
  const problems: LimitProblem[] = [];
  if (content.section.length > L.section) {
    problems.push({
      field: 'section',
      reason: tooLong('the section name', L.section, content.section.length),
    });
  }
  if (content.headline.length > L.headline) {
    problems.push({
      field: 'headline',
      reason: tooLong('the headline', L.headline, content.headline.length),
    });
  }
  if (content.paragraphs.length > L.paragraphs) {
    problems.push({
      field: 'paragraphs',
      index: L.paragraphs,
      reason: `${content.paragraphs.length} paragraphs; at most ${L.paragraphs} are allowed`,
    });
  }
  let body = 0;
  for (const [i, text] of content.paragraphs.entries()) {
    if (text.length > L.paragraph) {
      problems.push({
        field: `paragraphs.${i}`,
        index: i,
        reason: tooLong(`paragraph ${i + 1}`, L.paragraph, text.length),
      });
    }
    body += text.length;
    if (body > L.bodyText) {
      problems.push({
        field: 'paragraphs',
        index: i,
        reason: `the body passes ${L.bodyText.toLocaleString('en')} characters at paragraph ${i + 1}`,
      });
      break;
    }
  }
  if (content.relatedLinks.length > L.relatedLinks) {
    problems.push({
      field: 'relatedLinks',
      index: L.relatedLinks,
      reason: `${content.relatedLinks.length} related links; at most ${L.relatedLinks} are allowed`,
    });
  }
  for (const [i, link] of content.relatedLinks.entries()) {
    if (link.title.length > L.linkTitle) {
      problems.push({
        field: `relatedLinks.${i}.title`,
        index: i,
        reason: tooLong(`related link ${i + 1}'s title`, L.linkTitle, link.title.length),
      });
    }
    if (link.url !== null && link.url.length > L.url) {
      problems.push({
        field: `relatedLinks.${i}.url`,
        index: i,
        reason: tooLong(`related link ${i + 1}'s URL`, L.url, link.url.length),
      });
    }
  }
  return problems;
}
