// Every client-facing error is built here, each with a stable `extensions.code` clients can switch on and,
// when the error fails the whole request, the HTTP status Yoga answers with (`extensions.http`, which Yoga
// reads and strips from the body).
import { PothosValidationError } from '@pothos/core';
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { WriteLockTimeout } from './db.js';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | LimitCode;

/** The codes of the limits against hostile queries (src/http/limits.ts, docs/limits.md). */
export type LimitCode =
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_TOKENS'
  | 'TOO_MANY_DIRECTIVES';

interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
}

function clientError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  options: Pick<GraphQLErrorOptions, 'nodes' | 'path'> & { http?: HttpAnswer } = {},
): GraphQLError {
  const { http, ...where } = options;
  return new GraphQLError(message, {
    ...where,
    extensions: { code, ...extensions, ...(http ? { http } : {}) },
  });
}

/** Input the client can fix; `field` is the argument path, e.g. `first` or `input.headline`. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return clientError('BAD_USER_INPUT', message, field === undefined ? {} : { field });
}

/**
 * Pothos rejects bad connection arguments (negative `first`, foreign cursors, `after` with `last`) before
 * our resolvers run; those are the client's to fix, so they become BAD_USER_INPUT where they happened
 * instead of being masked. Undefined for any other error.
 */
export function badUserInputFromPothos(error: unknown): GraphQLError | undefined {
  if (!(error instanceof GraphQLError) || !(error.originalError instanceof PothosValidationError)) {
    return undefined;
  }
  return clientError(
    'BAD_USER_INPUT',
    error.originalError.message,
    {},
    { nodes: error.nodes, path: error.path },
  );
}

/** Seconds a client should wait before retrying a write refused because the database was busy. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A write that could not get the database's write lock in time (another import or writer held it):
 * nothing was written; retry shortly. HTTP 503 with Retry-After. Undefined for any other error.
 */
export function serviceUnavailableFromBusy(error: unknown): GraphQLError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (!(original instanceof WriteLockTimeout)) return undefined;
  const retryAfter = BUSY_RETRY_AFTER_SECONDS;
  return clientError(
    'SERVICE_UNAVAILABLE',
    `The database is busy with another write (an import?); nothing was written. Retry in ${retryAfter} s.`,
    { retryAfterSeconds: retryAfter },
    {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      http: { status: 503, headers: { 'retry-after': String(retryAfter) } },
    },
  );
}

/** A request that is not a GraphQL request we can read (HTTP 400). */
export function badRequest(message: string): GraphQLError {
  return clientError('BAD_REQUEST', message, {}, { http: { status: 400 } });
}

export function notFound(message: string): GraphQLError {
  return clientError('NOT_FOUND', message);
}

/** A GET naming a persisted operation hash that is not in our manifest (HTTP 404). */
export function persistedQueryNotFound(hash: unknown): GraphQLError {
  return clientError(
    'PERSISTED_QUERY_NOT_FOUND',
    `No persisted operation has the hash ${JSON.stringify(hash)}; send the document itself with POST.`,
    {},
    { http: { status: 404 } },
  );
}

export function conflict(message: string, field?: string): GraphQLError {
  return clientError('CONFLICT', message, field === undefined ? {} : { field });
}

/** A field that needs a token, asked for without one: the rest of the request still runs. */
export function unauthenticated(
  message = 'A valid API token is required (Authorization: Bearer <token>)',
): GraphQLError {
  return clientError('UNAUTHENTICATED', message);
}

/** A malformed, unknown or revoked token fails the whole request: HTTP 401 with `WWW-Authenticate`. */
export function invalidToken(message: string): GraphQLError {
  return clientError(
    'UNAUTHENTICATED',
    message,
    {},
    { http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  );
}

export function forbidden(message: string): GraphQLError {
  return clientError('FORBIDDEN', message);
}

/** A browser origin not trusted with what it sent (credentials, a mutation): HTTP 403 (src/http/cors.ts). */
export function forbiddenOrigin(message: string): GraphQLError {
  return clientError('FORBIDDEN', message, {}, { http: { status: 403 } });
}

/** A query refused by a limit against hostile queries (src/http/limits.ts, docs/limits.md). */
export function limitExceeded(code: LimitCode, message: string, limit: number): GraphQLError {
  return clientError(code, message, { limit });
}

/** A request body larger than any legitimate request needs (HTTP 413, src/http/body-limit.ts). */
export function payloadTooLarge(limitBytes: number): GraphQLError {
  return clientError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than the ${limitBytes.toLocaleString('en')} bytes this API accepts ` +
      '(enough for the largest article; see docs/limits.md).',
    { limit: limitBytes },
    { http: { status: 413 } },
  );
}

/** Too many failed authentications from one client (HTTP 429 with Retry-After, src/http/auth-throttle.ts). */
export function tooManyFailedAuthentications(retryAfterSeconds: number): GraphQLError {
  return clientError(
    'TOO_MANY_REQUESTS',
    `Too many requests with an invalid API token from this address; try again in ${retryAfterSeconds} s.`,
    { retryAfter: retryAfterSeconds },
    { http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
  );
}

/**
 * The status and JSON body Yoga would answer `error` with, for the few answers made before Yoga parses
 * the request (a CORS refusal in onRequest).
 */
export function errorResponse(error: GraphQLError): {
  status: number;
  headers: Record<string, string>;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
} {
  const { http, ...extensions } = error.extensions as { http?: HttpAnswer } & Record<string, unknown>;
  return {
    status: http?.status ?? 200,
    headers: http?.headers ?? {},
    body: { errors: [{ message: error.message, extensions }] },
  };
}
