// GET /health: 200 only once the database answers a query, else 503 (Yoga's own liveness probe is /live).
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../db.js';

const HEALTH_PATH = '/health';

export function useDatabaseHealth(db: Db): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== HEALTH_PATH) return;
      try {
        await db.$queryRawUnsafe('SELECT 1');
        endResponse(fetchAPI.Response.json({ status: 'ok' }, { status: 200 }));
      } catch {
        endResponse(fetchAPI.Response.json({ status: 'unavailable' }, { status: 503 }));
      }
    },
  };
}
