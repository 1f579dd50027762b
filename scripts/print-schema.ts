// Prints the schema built from code to schema.graphql, the reviewable API contract (a test keeps them equal).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'schema.graphql');

writeFileSync(SCHEMA_FILE, `${printSchema(schema)}\n`);
console.log(`wrote ${SCHEMA_FILE}`);
