// A fresh PostgreSQL database per test file, copied from the migrated template of the run's cluster
// (./postgres-setup.ts): CREATE DATABASE … TEMPLATE takes milliseconds where migrating takes seconds.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { withPostgresClient } from '../../src/db/postgres.js';
import { databaseUrl } from './postgres-setup.js';

/** The cluster's superuser URL; throws outside the `postgresql` test project. */
export function clusterUrl(): string {
  const postgres = inject('postgres');
  if (!postgres) throw new Error('no PostgreSQL cluster: run this file in the `postgresql` vitest project');
  return postgres.url;
}

/** A new migrated, empty database; `drop` removes it (closing any connection still open to it). */
export async function createPostgresDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const { url, template } = inject('postgres');
  const name = `test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const from = options.migrated === false ? '' : ` TEMPLATE "${template}"`;
  await withPostgresClient(url, (client) => client.query(`CREATE DATABASE "${name}"${from}`));
  return {
    url: databaseUrl(url, name),
    drop: () =>
      withPostgresClient(url, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
