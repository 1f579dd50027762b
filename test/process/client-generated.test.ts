// The typed client's generated file and documents: `gql.tada generate` matches the committed
// src/client/graphql-env.d.ts, and `gql.tada check` finds every document in src/ valid (child processes).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const GQL_TADA = join(ROOT, 'node_modules', '.bin', 'gql.tada');
const GENERATED = join(ROOT, 'src', 'client', 'graphql-env.d.ts');
const run = promisify(execFile);

describe('generated gql.tada output', () => {
  it('matches what schema.graphql generates now (run `npm run client:generate` after a schema change)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-tada-'));
    try {
      const output = join(dir, 'graphql-env.d.ts');
      await run(GQL_TADA, ['generate', 'output', '--output', output], { cwd: ROOT });
      const fresh = readFileSync(output, 'utf8');
      const committed = readFileSync(GENERATED, 'utf8');
      expect(
        committed === fresh,
        'src/client/graphql-env.d.ts is stale: run `npm run client:generate` and commit it',
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('every document in src/ is valid against the schema (`gql.tada check`: unknown fields fail)', async () => {
    // tsc alone types an unknown field as `unknown` without an error; the check names it.
    const { stdout, stderr } = await run(GQL_TADA, ['check'], { cwd: ROOT }).catch(
      (error: { stdout: string; stderr: string }) => {
        throw new Error(`gql.tada check failed:\n${error.stdout}${error.stderr}`);
      },
    );
    expect(`${stdout}${stderr}`).toMatch(/No problems found/);
  }, 180_000);
});
