// `npm run schema:pg`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of
// the data model. A Prisma schema names one provider, statically, so PostgreSQL gets a copy that differs
// only in its datasource and client output (and has no Pothos generator: the app's types come from the
// SQLite client). `--check` exits 1 when the committed copy is stale (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'prisma', 'schema.prisma');
const TARGET = join(ROOT, 'prisma', 'postgresql', 'schema.prisma');

/** Replaces exactly one match, so a reworded source schema fails loudly instead of generating junk. */
function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1)
    throw new Error(`prisma/schema.prisma: expected one ${what}, found ${matches.length}`);
  return text.replace(pattern, replacement);
}

export function postgresSchemaOf(source: string): string {
  let schema = replaceOnce(source, /^\/\/ .*\n/, '', 'first comment line');
  schema = replaceOnce(schema, /\ngenerator pothos \{[^}]*\}\n/, '', 'pothos generator');
  schema = replaceOnce(
    schema,
    /output( +)= "\.\.\/src\/generated\/prisma"/,
    'output$1= "../../src/generated/prisma-pg"',
    'client output',
  );
  schema = replaceOnce(
    schema,
    /datasource db \{[^}]*\}/,
    [
      'datasource db {',
      '  provider = "postgresql"',
      // A literal url: without one Prisma 6.19 downloads an engine; the adapter's URL is the one used.
      "  // Only read by the CLI's checks; the connection really used is the adapter's (prisma.pg.config.ts).",
      '  url      = "postgresql://localhost/newsroom"',
      '}',
    ].join('\n'),
    'datasource',
  );
  return `// GENERATED from prisma/schema.prisma by \`npm run schema:pg\`: edit that file, then run it.\n${schema}`;
}

function main(): void {
  const expected = postgresSchemaOf(readFileSync(SOURCE, 'utf8'));
  const shown = relative(process.cwd(), TARGET);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(TARGET, 'utf8');
    } catch {
      // reported below
    }
    if (committed !== expected) {
      console.error(`${shown} is stale: run \`npm run schema:pg\` and commit it.`);
      process.exit(1);
    }
    console.log(`${shown} is up to date.`);
  } else {
    writeFileSync(TARGET, expected);
    console.log(`wrote ${shown}`);
  }
}

// Run as a script (migrate-new.ts imports postgresSchemaOf only).
if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
