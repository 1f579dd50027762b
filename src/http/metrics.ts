// GET /metrics: the server's counters in Prometheus' text format, for operators and for `npm run bench`
// (SQL statements per request). Answered to loopback clients only: counts of traffic are nobody else's
// business, and a scraper runs beside the server or behind the same host's proxy.
import type { Plugin } from 'graphql-yoga';
import { sqlStatementCounter } from '../db.js';
import { clientAddress } from './auth-throttle.js';
import type { ReadCache } from './cache/read-cache.js';

/** Requests answered by this process (counted by the node server, src/http/node-server.ts). */
export const requestCounter = { count: 0 };

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function useMetrics(cache: ReadCache): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      // In-process (app.fetch, no socket) counts as local.
      const peer = clientAddress(serverContext);
      if (peer !== 'local' && !LOOPBACK.test(peer)) {
        endResponse(new fetchAPI.Response('Not Found\n', { status: 404 }));
        return;
      }
      const { rss, heapUsed } = process.memoryUsage();
      const lines = [
        ['newsroom_requests_total', 'counter', 'HTTP requests answered', requestCounter.count],
        [
          'newsroom_sql_statements_total',
          'counter',
          'SQL statements sent to the database',
          sqlStatementCounter.count,
        ],
        ['newsroom_cache_hits_total', 'counter', 'response cache hits', cache.stats.hits],
        ['newsroom_cache_misses_total', 'counter', 'response cache misses', cache.stats.misses],
        ['newsroom_cache_answers', 'gauge', 'answers in the response cache', cache.store.size],
        ['newsroom_resident_memory_bytes', 'gauge', 'resident set size', rss],
        ['newsroom_heap_used_bytes', 'gauge', 'V8 heap in use', heapUsed],
      ] as const;
      const body = lines
        .map(
          ([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`,
        )
        .join('\n');
      endResponse(
        new fetchAPI.Response(`${body}\n`, {
          headers: {
            'content-type': 'text/plain; version=0.0.4; charset=utf-8',
            'cache-control': 'no-store',
          },
        }),
      );
    },
  };
}
