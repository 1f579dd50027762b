// Two GraphQL-over-HTTP answers Yoga leaves to us:
// - A GET whose `variables` or `extensions` is not JSON is the client's mistake (400 BAD_REQUEST naming the
//   parameter); Yoga's own GET parser let the SyntaxError out as a 500. `readGetParams` is also how the
//   response cache reads a GET (src/http/cache/read-cache.ts), so both see the same request.
// - An operation that failed on our side as a whole (`data: null` and a masked, unexpected error) is a 500
//   for `application/graphql-response+json`, which the spec allows when data is null; partial data stays
//   200 (the spec's MUST), and `application/json` stays 200 (the spec discourages 4xx/5xx there and tells
//   clients not to trust a non-200 JSON body).
import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { badRequest } from '../errors.js';

export interface GetParams {
  query?: string;
  operationName?: string;
  variables?: unknown;
  extensions?: unknown;
}

function parseJsonParameter(name: 'variables' | 'extensions', text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(
      `\`${name}\` must be JSON (URL-encoded), e.g. ${name}={"slug":"…"}; it could not be parsed.`,
    );
  }
}

/**
 * The GraphQL parameters of a GET's query string, as Yoga reads them (empty means absent), or BAD_REQUEST
 * (400) when `variables` or `extensions` is not JSON. Other parameters are ignored, as Yoga ignores them.
 */
export function readGetParams(search: URLSearchParams): GetParams {
  return {
    query: search.get('query') || undefined,
    operationName: search.get('operationName') || undefined,
    variables: parseJsonParameter('variables', search.get('variables')),
    extensions: parseJsonParameter('extensions', search.get('extensions')),
  };
}

/** Yoga plugin: GETs are parsed by `readGetParams` (Yoga's own parser is replaced, not wrapped). */
export function useStrictGetParams(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'GET') return;
      // Yoga checks the shapes next (an array as variables is its 400), so JSON of any shape may pass here.
      setRequestParser((req) => readGetParams(new URL(req.url).searchParams) as GraphQLParams);
    },
  };
}

/** Marks the unexpected error of an operation with no data as a 500 for graphql-response+json only. */
function withServerErrorStatus(result: ExecutionResult): ExecutionResult {
  if (result.data != null || !result.errors?.some((e) => e.extensions?.unexpected === true)) return result;
  return {
    ...result,
    errors: result.errors.map((error) =>
      error.extensions?.unexpected === true && !error.extensions.http
        ? new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: error.path,
            originalError: error.originalError,
            // `spec: true` is Yoga's flag for a status that applies to graphql-response+json only.
            extensions: { ...error.extensions, http: { status: 500, spec: true } },
          })
        : error,
    ),
  };
}

/** Yoga plugin: a 500 for an operation that failed on our side as a whole (see above). */
export function useServerErrorStatus(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result)) return;
      setResult(withServerErrorStatus(result as ExecutionResult));
    },
  };
}
