// The seed content: every page in the project's seed/ folder, imported idempotently (`npm run seed`,
// and `npm start` on an empty database).
import { fileURLToPath } from 'node:url';
import type { Db } from '../db.js';
import { type ImportedPage, importPages } from './import.js';

/** The seed pages' folder (data, read by path: src/ never imports from seed/). */
export const SEED_DIR = fileURLToPath(new URL('../../seed/', import.meta.url));

export function seedDatabase(db: Db): Promise<ImportedPage[]> {
  return importPages(db, [SEED_DIR], { actor: { author: 'seed', origin: 'seed' } });
}
