// Builds the HTTP app (GraphQL, GraphiQL, health). It does not listen: tests call `yoga.fetch`.
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from '../auth/tokens.js';
import type { Context } from '../context.js';
import type { Db } from '../db.js';
import { schema } from '../schema/index.js';
import { usePersistedPageOperations } from './cache/persisted.js';
import { ReadCache } from './cache/read-cache.js';
import { useCorsPolicy } from './cors.js';
import { useLocalGraphiQL } from './graphiql.js';
import { useDatabaseHealth } from './health.js';
import { queryLimitPlugins } from './limits.js';
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
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

export function createApp({
  db,
  logging = 'info',
  corsOrigins = [],
  clock = () => new Date(),
  cache,
}: AppOptions): App {
  const readCache = cache ?? new ReadCache({ db, clock });
  const app: App = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: async ({ request }) => {
      const now = clock();
      return { db, now, viewer: await authenticate(db, request.headers.get('authorization'), now) };
    },
    // Never leak internals, whatever NODE_ENV says: clients see "Unexpected error." and the log has the cause.
    maskedErrors: {
      isDev: false,
      // Pothos rejects bad connection arguments (negative `first`, foreign cursors, `after` with `last`)
      // before our resolvers run; those are the client's to fix, so they get a code, not a mask.
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : undefined;
        if (error instanceof GraphQLError && original instanceof PothosValidationError) {
          return new GraphQLError(original.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        return maskError(error, message, isDev);
      },
    },
    // Yoga's own liveness probe moves aside for the database-aware /health.
    healthCheckEndpoint: '/live',
    landingPage: false,
    graphiql: false,
    logging,
    // src/http/cors.ts answers preflights and sets the CORS headers; Yoga's built-in echo-the-origin CORS is off.
    cors: false,
    plugins: [
      useCorsPolicy({ trustedOrigins: corsOrigins }),
      readCache.plugin(GRAPHQL_ENDPOINT),
      usePersistedPageOperations(),
      useDatabaseHealth(db),
      useLocalGraphiQL(GRAPHQL_ENDPOINT),
      useReaderPage(() => app),
      ...queryLimitPlugins(),
    ],
  });
  return app;
}
