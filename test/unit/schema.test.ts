// The committed schema.graphql is the API contract: it must equal the schema printed from code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { ROOT } from '../helpers/fixtures.js';

describe('schema.graphql', () => {
  it('matches the schema built from code (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });
});
