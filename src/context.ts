// Per-request GraphQL context.
import type { Viewer } from './auth/tokens.js';
import type { Db } from './db.js';

export interface Context {
  db: Db;
  /** The request's clock, read once so every resolver of a request agrees on "now". */
  now: Date;
  /** The bearer token's holder, or null for a public request (see src/auth/tokens.ts). */
  viewer: Viewer | null;
}
