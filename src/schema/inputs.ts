// Edge validation for mutation arguments: zod schemas, and the mapping of their issues to BAD_USER_INPUT
// errors whose `extensions.field` is the argument path (`input.paragraphs.2`).
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { badUserInput } from '../errors.js';
import { ARTICLE_LIMITS } from '../ingest/limits.js';

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n\u2028\u2029]/.test(s), 'must be a single line');

export const slugSchema = z
  .string()
  .max(ARTICLE_LIMITS.slug, `must be at most ${ARTICLE_LIMITS.slug} characters`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens');

const urlSchema = z
  .string()
  .trim()
  .max(ARTICLE_LIMITS.url, `must be at most ${ARTICLE_LIMITS.url} characters`)
  .regex(/^https?:\/\/[^\s<>]+$/, 'must be an http:// or https:// URL without spaces');

const relatedLink = z.object({
  title: text(ARTICLE_LIMITS.linkTitle),
  url: urlSchema.nullish().transform((u) => u ?? null),
});

const paragraphs = z
  .array(text(ARTICLE_LIMITS.paragraph))
  .min(1, 'an article needs at least one paragraph')
  .max(ARTICLE_LIMITS.paragraphs, `at most ${ARTICLE_LIMITS.paragraphs} paragraphs`)
  .refine(
    (texts) => texts.reduce((sum, t) => sum + t.length, 0) <= ARTICLE_LIMITS.bodyText,
    `the paragraphs together may be at most ${ARTICLE_LIMITS.bodyText.toLocaleString('en')} characters`,
  );
const relatedLinks = z
  .array(relatedLink)
  .max(ARTICLE_LIMITS.relatedLinks, `at most ${ARTICLE_LIMITS.relatedLinks} links`);
const dateline = text(ARTICLE_LIMITS.dateline);
const status = z.enum(['DRAFT', 'PUBLISHED']);

export const createArticleArgs = z.object({
  input: z.object({
    headline: text(ARTICLE_LIMITS.headline),
    slug: slugSchema.nullish().transform((s) => s ?? null),
    section: text(ARTICLE_LIMITS.section),
    dateline: dateline.nullish().transform((d) => d ?? null),
    publishedAt: z.date().nullish(),
    paragraphs,
    relatedLinks: relatedLinks.nullish().transform((l) => l ?? []),
    status: status.nullish().transform((s) => s ?? 'DRAFT'),
  }),
});

// In an update an omitted field keeps its value; `dateline: null` clears the dateline. Other fields
// cannot be null: an explicit null is refused rather than guessed at.
export const updateArticleArgs = z.object({
  id: z.string(),
  input: z
    .object({
      headline: text(ARTICLE_LIMITS.headline).optional(),
      slug: slugSchema.optional(),
      section: text(ARTICLE_LIMITS.section).optional(),
      dateline: dateline.nullable().optional(),
      publishedAt: z.date().optional(),
      paragraphs: paragraphs.optional(),
      relatedLinks: relatedLinks.optional(),
    })
    .refine(
      (input) => Object.values(input).some((v) => v !== undefined),
      'give at least one field to change',
    ),
});

export const importPageArgs = z.object({
  text: z
    .string()
    .min(1, 'must not be empty')
    .max(ARTICLE_LIMITS.page, `must be at most ${ARTICLE_LIMITS.page} characters`),
  status: status.nullish().transform((s) => s ?? 'DRAFT'),
});

/** Parses arguments or throws BAD_USER_INPUT naming the first bad field; every issue is in `issues`. */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = issues[0] ?? { field: '', message: 'invalid input' };
  const error = badUserInput(`${first.field ? `${first.field}: ` : ''}${first.message}`, first.field);
  error.extensions.issues = issues;
  throw error;
}

/**
 * The type and integer key of a global id exactly as this API issues it (base64 of `Type:key`, the key a
 * positive integer written canonically), or null for anything else: `Article:01000`, `Article:1e3`,
 * `Article:1.0`, ` 1`, or another spelling of the same base64 name nothing.
 */
export function parseGlobalId(globalId: string): { typename: string; id: number } | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return null;
  }
  if (!/^[1-9][0-9]*$/.test(decoded.id)) return null;
  const id = Number(decoded.id);
  if (!Number.isSafeInteger(id) || encodeGlobalID(decoded.typename, id) !== globalId) return null;
  return { typename: decoded.typename, id };
}

/** Decodes a global id of the given type to its integer key, or throws BAD_USER_INPUT on `field`. */
export function decodeId(globalId: string, typename: string, field = 'id'): number {
  const parsed = parseGlobalId(globalId);
  if (parsed === null || parsed.typename !== typename) {
    throw badUserInput(`Not a valid ${typename} id`, field);
  }
  return parsed.id;
}
