// Applies pending committed migrations with Prisma's own CLI, so its bookkeeping stays authoritative.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const prisma = join(root, 'node_modules', '.bin', 'prisma');
  try {
    await promisify(execFile)(prisma, ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`);
  }
}
