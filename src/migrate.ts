// Applies pending committed migrations with Prisma's own CLI, so its bookkeeping stays authoritative: the
// provider's Prisma config, schema and migrations folder are chosen from the database URL.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DatabaseProvider, databaseProviderOf } from './env.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each provider's Prisma CLI config, schema and migrations (relative to the project root). */
export const PRISMA_FILES: Record<DatabaseProvider, { config: string; schema: string; migrations: string }> =
  {
    sqlite: { config: 'prisma.config.ts', schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' },
    postgresql: {
      config: 'prisma.pg.config.ts',
      schema: 'prisma/postgresql/schema.prisma',
      migrations: 'prisma/postgresql/migrations',
    },
  };

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const prisma = join(root, 'node_modules', '.bin', 'prisma');
  const { config } = PRISMA_FILES[databaseProviderOf(databaseUrl)];
  try {
    await promisify(execFile)(prisma, ['migrate', 'deploy', '--config', config], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`);
  }
}
