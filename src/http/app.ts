// createApp(): Yoga with the schema, error masking and the plugins beside it; does not listen (app.fetch).
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from '../auth/tokens.js';
import type { Context } from '../context.js';
import type { Db } from '../db.js';
import { env } from '../env.js';
import { badUserInputFromPothos, serviceUnavailableFromBusy } from '../errors.js';
import { LiveArticleFeed } from '../live/feed.js';
import { schema } from '../schema/index.js';
import { AuthFailureLimit, useAuthFailureLimit } from './auth-throttle.js';
import { useRequestBodyLimit } from './body-limit.js';
import { usePersistedPageOperations } from './cache/persisted.js';
import { ReadCache } from './cache/read-cache.js';
import { useCorsPolicy } from './cors.js';
import { type FeedLimits, useFeeds } from './feeds/plugin.js';
import type { Publication } from './feeds/site.js';
import { useLocalGraphiQL } from './graphiql.js';
import { useDatabaseHealth } from './health.js';
import { queryLimitPlugins } from './limits.js';
import { useMetrics } from './metrics.js';
import { useServerErrorStatus, useStrictGetParams } from './protocol.js';
import { useReaderPage } from './reader/plugin.js';

export const GRAPHQL_ENDPOINT = '/graphql';

export interface AppOptions {
  db: Db;
  logging?: boolean | 'debug' | 'info' | 'warn' | 'error';
  /** Browser origins trusted with writes and credentials besides this server's own (env CORS_ORIGINS). */
  corsOrigins?: readonly string[];
  /** The response cache for persisted GETs (src/http/cache/); one is made when not given. */
  cache?: ReadCache;
  /** The clock deciding what is published "now"; tests move it. */
  clock?: () => Date;
  /** Failed authentications allowed per client address (src/http/auth-throttle.ts); one is made when not given. */
  authFailures?: AuthFailureLimit;
  /** Feeds and sitemaps (src/http/feeds/): the publication (default: PUBLIC_URL etc. from src/env.ts), sizes. */
  feeds?: { publication?: Partial<Publication>; limits?: Partial<FeedLimits> };
  /** The public article events live subscriptions listen to (src/live/feed.ts); one is made when not given. */
  live?: LiveArticleFeed;
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

export function createApp({
  db,
  logging = 'info',
  corsOrigins = [],
  clock = () => new Date(),
  cache,
  authFailures = new AuthFailureLimit(),
  feeds = {},
  live = new LiveArticleFeed({ db, clock }),
}: AppOptions): App {
  const readCache = cache ?? new ReadCache({ db, clock });
  const app: App = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: async ({ request }) => {
      const now = clock();
      const viewer = await authenticate(db, request.headers.get('authorization'), now);
      return { db, now, viewer, cacheTags: readCache.answerTagsFor(request), live };
    },
    // Never leak internals, whatever NODE_ENV says: clients see "Unexpected error." and the log has the cause.
    maskedErrors: {
      isDev: false,
      // Pothos's own argument checks are the client's to fix: they keep a code (src/errors.ts).
      maskError: (error, message, isDev) =>
        badUserInputFromPothos(error) ??
        serviceUnavailableFromBusy(error) ??
        maskError(error, message, isDev),
    },
    // Yoga's own liveness probe moves aside for the database-aware /health.
    healthCheckEndpoint: '/live',
    landingPage: false,
    graphiql: false,
    logging,
    // src/http/cors.ts answers preflights and sets the CORS headers; Yoga's built-in echo-the-origin CORS is off.
    cors: false,
    plugins: [
      // First: no other plugin may read a body before its size is checked.
      useRequestBodyLimit(),
      useAuthFailureLimit(authFailures),
      useCorsPolicy({ trustedOrigins: corsOrigins }),
      readCache.plugin(GRAPHQL_ENDPOINT),
      usePersistedPageOperations(),
      useDatabaseHealth(db),
      useMetrics(readCache),
      useLocalGraphiQL(GRAPHQL_ENDPOINT),
      useReaderPage(() => app),
      useFeeds({
        db,
        clock,
        freshness: readCache.freshness,
        publication: {
          publicUrl: env.publicUrl,
          name: env.publicationName,
          language: env.publicationLanguage,
          ...feeds.publication,
        },
        limits: feeds.limits,
      }),
      ...queryLimitPlugins(),
      useStrictGetParams(),
      useServerErrorStatus(),
    ],
  });
  return app;
}
