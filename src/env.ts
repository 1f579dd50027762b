// The one place that reads process.env: parsed once, with defaults, and named errors for bad values.
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
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => parseOriginList(value, ctx)),
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

export type DatabaseProvider = 'sqlite' | 'postgresql';

export type Env = {
  databaseUrl: string;
  /** `sqlite` for a `file:` URL, `postgresql` for a `postgresql://` or `postgres://` one. */
  databaseProvider: DatabaseProvider;
  /** Filesystem path of the SQLite file (DATABASE_URL without `file:` and query string); '' on PostgreSQL. */
  databasePath: string;
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Origins allowed to send writes and authenticated reads from a browser (CORS_ORIGINS). */
  corsOrigins: string[];
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
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
  };
}

export const env: Env = parseEnv(process.env);
