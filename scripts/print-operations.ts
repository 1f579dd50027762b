// Writes src/http/persisted-operations.json (hash -> document) from src/http/operations.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { persistedManifest } from '../src/http/operations.js';

const file = join(import.meta.dirname, '..', 'src', 'http', 'persisted-operations.json');
writeFileSync(file, `${JSON.stringify(persistedManifest(), null, 2)}\n`);
console.log(`Wrote ${file}`);
