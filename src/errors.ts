// Every client-facing error is built here, each with a stable `extensions.code` clients can switch on.
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_TOKENS'
  | 'TOO_MANY_DIRECTIVES';

function clientError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Input the client can fix; `field` is the argument path, e.g. `first` or `input.headline`. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return clientError('BAD_USER_INPUT', message, field === undefined ? {} : { field });
}

export function notFound(message: string): GraphQLError {
  return clientError('NOT_FOUND', message);
}

export function conflict(message: string, field?: string): GraphQLError {
  return clientError('CONFLICT', message, field === undefined ? {} : { field });
}

export function unauthenticated(message = 'A valid API token is required (Authorization: Bearer <token>)') {
  return clientError('UNAUTHENTICATED', message);
}

export function forbidden(message: string): GraphQLError {
  return clientError('FORBIDDEN', message);
}

export function tooComplex(message: string): GraphQLError {
  return clientError('QUERY_TOO_COMPLEX', message);
}

/** A query refused by a limit against hostile queries (src/http/limits.ts, docs/limits.md). */
export function limitExceeded(
  code:
    | 'QUERY_TOO_COMPLEX'
    | 'QUERY_TOO_DEEP'
    | 'TOO_MANY_ALIASES'
    | 'TOO_MANY_TOKENS'
    | 'TOO_MANY_DIRECTIVES',
  message: string,
  limit: number,
): GraphQLError {
  return clientError(code, message, { limit });
}
