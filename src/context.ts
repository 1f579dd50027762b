// Per-request GraphQL context.
import type { Viewer } from './auth/tokens.js';
import type { Db } from './db.js';
import type { AnswerTags } from './editorial/cache-tags.js';

export interface Context {
  db: Db;
  /** The request's clock, read once so every resolver of a request agrees on "now". */
  now: Date;
  /** The bearer token's holder, or null for a public request (see src/auth/tokens.ts). */
  viewer: Viewer | null;
  /**
   * What the answer is made of, when it may be kept by the response cache (src/http/cache): resolvers
   * add tags through src/schema/cache-tags.ts. Absent for requests that are never cached.
   */
  cacheTags?: AnswerTags;
}
