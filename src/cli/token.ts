// `npm run token:create -- --name NAME --scope read:drafts|write` prints a new API token once;
// `npm run token:revoke -- NAME` revokes one; `npm run token:list` lists them (never the secrets).
// Exit codes: 0 done, 1 refused (name taken, no such token), 2 usage error, 3 the database failed.
import { parseArgs } from 'node:util';
import {
  createApiToken,
  isTokenScope,
  revokeApiToken,
  TOKEN_SCOPES,
  TokenNameTakenError,
} from '../auth/tokens.js';
import { CLI_WRITE_LOCK_WAIT_MS, createDb, databaseErrorMessage } from '../db.js';
import { env } from '../env.js';

const USAGE = `usage:
  npm run token:create -- --name NAME --scope ${TOKEN_SCOPES.join('|')}
  npm run token:revoke -- NAME
  npm run token:list
Uses DATABASE_URL (default file:./data/newsroom.db).`;

class UsageError extends Error {}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$/;

function checkName(name: string | undefined): string {
  if (!name) throw new UsageError('a token name is required');
  if (!NAME_RE.test(name)) {
    throw new UsageError(
      'a token name is 1-64 letters, digits and . _ @ : - (starting with a letter or digit)',
    );
  }
  return name;
}

async function run(command: string | undefined, argv: string[]): Promise<number> {
  if (command === 'create') {
    const { values } = parseArgs({
      args: argv,
      options: { name: { type: 'string' }, scope: { type: 'string' } },
    });
    const name = checkName(values.name);
    if (!values.scope || !isTokenScope(values.scope)) {
      throw new UsageError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}`);
    }
    const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
    try {
      const token = await createApiToken(db, name, values.scope);
      process.stdout.write(`${token}\n`);
      process.stderr.write(`created token "${name}" (${values.scope}); it is shown only this once\n`);
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  if (command === 'revoke') {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new UsageError('give exactly one token name');
    const name = checkName(positionals[0]);
    const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
    try {
      if (!(await revokeApiToken(db, name))) {
        process.stderr.write(`no active token named "${name}"\n`);
        return 1;
      }
      process.stderr.write(`revoked token "${name}"\n`);
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  if (command === 'list') {
    parseArgs({ args: argv, options: {} });
    const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
    try {
      const tokens = await db.apiToken.findMany({ orderBy: { name: 'asc' } });
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
        const used = t.lastUsedAt ? t.lastUsedAt.toISOString() : 'never';
        process.stdout.write(
          `${t.name}\t${t.scope}\t${state}\tcreated ${t.createdAt.toISOString()}\tlast used ${used}\n`,
        );
      }
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  throw new UsageError(`unknown command "${command ?? ''}"`);
}

async function main(): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  try {
    return await run(command, argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof TokenNameTakenError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`database error: ${databaseErrorMessage(error)}\n`);
    return 3;
  }
}

process.exitCode = await main();
