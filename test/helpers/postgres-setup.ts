// vitest globalSetup of the `postgresql` project: one throwaway cluster for the whole run, with a template
// database migrated by `prisma migrate deploy` (the path `npm start` takes). Each test file then gets its
// own database copied from the template (./postgres.ts), as each SQLite test file gets its own file.
import type { TestProject } from 'vitest/node';
import { startCluster } from '../../scripts/postgres-cluster.js';
import { withPostgresClient } from '../../src/db/postgres.js';
import { applyMigrations } from '../../src/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string; template: string };
  }
}

const TEMPLATE = 'newsroom_template';

/** `url` with its database name replaced. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.href;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  try {
    await withPostgresClient(cluster.url, (client) => client.query(`CREATE DATABASE "${TEMPLATE}"`));
    await applyMigrations(databaseUrl(cluster.url, TEMPLATE));
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgres', { url: cluster.url, template: TEMPLATE });
  return cluster.stop;
}
