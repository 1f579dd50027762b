// The one place that reads process.env: parsed once, with defaults, and named errors for bad values.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)/,
      'must be a SQLite file URL such as file:./data/newsroom.db or a PostgreSQL URL such as postgresql://user@host/newsroom',
    )
    .default('file:./data/newsroom.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  WORKERS: z
    .string()
    .default('1')
    .transform((value, ctx) => {
      if (value.trim() === 'auto') return availableParallelism();
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 64) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a whole number from 1 to 64, or auto (one per core)',
        });
        return 1;
      }
      return n;
    }),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => parseOriginList(value, ctx)),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((value, ctx) => (value ? parsePublicUrl(value, ctx) : undefined)),
  PUBLICATION_NAME: z.string().trim().min(1, 'must not be empty').max(200).default('Newsroom'),
  PUBLICATION_LANGUAGE: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?:[a-z]{2,3}|zh-cn|zh-tw)$/, 'must be an ISO 639 language code such as en, fr or zh-cn')
    .default('en'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

/** `https://a.example, http://localhost:5173` → exact origins; anything with a path, `*` or junk is refused. */
function parseOriginList(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const item of value.split(/[\s,]+/).filter(Boolean)) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      if (/^https?:$/.test(url.protocol) && url.origin === item.replace(/\/$/, '')) origin = url.origin;
    } catch {
      // reported below
    }
    if (origin === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item}" is not an origin like https://news.example or http://localhost:5173 (comma-separated)`,
      });
    } else origins.push(origin);
  }
  return origins;
}

/**
 * `https://news.example` or `https://news.example/edition/` → the base of every absolute URL this server
 * writes (feeds, sitemaps), without a trailing slash; a query, fragment or user name is refused.
 */
function parsePublicUrl(value: string, ctx: z.RefinementCtx): string {
  try {
    const url = new URL(value);
    if (/^https?:$/.test(url.protocol) && !/[?#]/.test(value) && !url.username && !url.password) {
      return url.origin + url.pathname.replace(/\/+$/, '');
    }
  } catch {
    // reported below
  }
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" is not an http(s) origin with an optional path, like https://news.example or https://news.example/edition`,
  });
  return z.NEVER;
}

export type DatabaseProvider = 'sqlite' | 'postgresql';

export type Env = {
  databaseUrl: string;
  /** `sqlite` for a `file:` URL, `postgresql` for a `postgresql://` or `postgres://` one. */
  databaseProvider: DatabaseProvider;
  /** Filesystem path of the SQLite file (DATABASE_URL without `file:` and query string); '' on PostgreSQL. */
  databasePath: string;
  port: number;
  host: string;
  /** Server processes sharing the port (WORKERS; `auto` = one per core). */
  workers: number;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Origins allowed to send writes and authenticated reads from a browser (CORS_ORIGINS). */
  corsOrigins: string[];
  /** Base of the absolute URLs in feeds and sitemaps (PUBLIC_URL; default http://localhost:<PORT>). */
  publicUrl: string;
  /** The publication's name in feeds and the news sitemap (PUBLICATION_NAME). */
  publicationName: string;
  /** ISO 639 code of the publication's language (PUBLICATION_LANGUAGE), for feeds and the news sitemap. */
  publicationLanguage: string;
  /** How long one webhook attempt may take before it counts as failed (WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
};

export function databaseProviderOf(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

export function databasePathOf(url: string): string {
  if (databaseProviderOf(url) !== 'sqlite') return '';
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

/** The database for logs and messages: the SQLite path, or the PostgreSQL URL without its password. */
export function databaseLabelOf(url: string): string {
  if (databaseProviderOf(url) === 'sqlite') return databasePathOf(url);
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'postgresql://…';
  }
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseProvider: databaseProviderOf(e.DATABASE_URL),
    databasePath: databasePathOf(e.DATABASE_URL),
    port: e.PORT,
    host: e.HOST,
    workers: e.WORKERS,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    publicationName: e.PUBLICATION_NAME,
    publicationLanguage: e.PUBLICATION_LANGUAGE,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
  };
}

export const env: Env = parseEnv(process.env);
