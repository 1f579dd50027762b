// Per-request GraphQL context.
import type { Db } from './db.js';

export interface Context {
  db: Db;
  /** The request's clock, read once so every resolver of a request agrees on "now". */
  now: Date;
}
