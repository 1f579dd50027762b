// API tokens: creation, revocation and the bearer check. Only a sha256 of each secret is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Db, inBackground } from '../db.js';
import { invalidToken } from '../errors.js';

export const TOKEN_SCOPES = ['read:drafts', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Who a request is: the token's name and scope, or null for a public (token-less) request. */
export interface Viewer {
  tokenName: string;
  scope: TokenScope;
}

const PREFIX = 'nrt';
// `nrt_<lookupId>_<secret>`: the lookup id finds the row, the 256-bit secret is what proves possession.
const TOKEN_RE = /^nrt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
// lastUsedAt is advisory; writing it on every request would turn each read into a write.
const LAST_USED_GRANULARITY_MS = 60_000;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

export class TokenNameTakenError extends Error {
  constructor(name: string) {
    super(`a token named "${name}" already exists (names of revoked tokens stay reserved)`);
    this.name = 'TokenNameTakenError';
  }
}

/** Creates a token and returns it: the only time the secret exists outside the caller's hands. */
export async function createApiToken(db: Db, name: string, scope: TokenScope): Promise<string> {
  const lookupId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  // In a transaction, so it waits its turn for the write lock (src/db/sqlite.ts) instead of failing.
  await db.$transaction(async (tx) => {
    if (await tx.apiToken.findUnique({ where: { name }, select: { id: true } })) {
      throw new TokenNameTakenError(name);
    }
    await tx.apiToken.create({
      data: { name, scope, lookupId, secretHash: sha256(secret).toString('hex') },
    });
  });
  return `${PREFIX}_${lookupId}_${secret}`;
}

/** Revokes the named token; false when there is no such active token. */
export async function revokeApiToken(db: Db, name: string, now = new Date()): Promise<boolean> {
  const { count } = await db.$transaction((tx) =>
    tx.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: now } }),
  );
  return count > 0;
}

/**
 * The viewer for an `Authorization` header value. No header means a public request (null); a header
 * that is malformed, unknown or revoked is UNAUTHENTICATED, never silently downgraded to public.
 */
export async function authenticate(db: Db, authorization: string | null, now: Date): Promise<Viewer | null> {
  if (authorization === null || authorization.trim() === '') return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) throw invalidToken('The Authorization header must be "Bearer <token>"');
  const parts = TOKEN_RE.exec(bearer[1]);
  const invalid = invalidToken('The API token is invalid or revoked');
  if (!parts?.[1] || !parts[2]) throw invalid;
  const row = await db.apiToken.findUnique({ where: { lookupId: parts[1] } });
  const presented = sha256(parts[2]);
  const stored = Buffer.from(row?.secretHash ?? '', 'hex');
  // Compare even when the row is missing (against itself) so timing does not tell the two cases apart.
  const matches = timingSafeEqual(presented, stored.length === presented.length ? stored : presented);
  if (!row || !matches || stored.length !== presented.length || row.revokedAt !== null) throw invalid;
  if (!isTokenScope(row.scope)) throw invalid;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    // Bookkeeping: never awaited, so a busy database cannot delay or fail the request; a missed update
    // is retried by the token's next request.
    inBackground(db, () =>
      db.$transaction((tx) =>
        tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } }),
      ),
    );
  }
  return { tokenName: row.name, scope: row.scope };
}
