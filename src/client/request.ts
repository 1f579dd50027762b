// A typed fetch for the documents: `requestGraphQL(ArticlePageQuery, { slug })` resolves to ResultOf<...>.
import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';

export interface RequestOptions {
  /** The GraphQL endpoint, absolute or relative to the page. */
  endpoint?: string;
  /** Extra headers, e.g. `{ authorization: 'Bearer …' }` (only honoured from origins in CORS_ORIGINS). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: (string | undefined)[],
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

interface GraphQLResponseBody<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs the document; any GraphQL error or non-2xx status becomes a GraphQLRequestError. */
export async function requestGraphQL<Data, Variables>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
  options: RequestOptions = {},
): Promise<Data> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(options.endpoint ?? '/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options.headers,
    },
    body: JSON.stringify({ query: print(document), variables }),
    signal: options.signal,
  });
  const body = (await response.json()) as GraphQLResponseBody<Data>;
  if (body.errors?.length || !response.ok || body.data == null) {
    const errors = body.errors ?? [];
    const message = errors.map((e) => e.message).join('; ') || `GraphQL request failed (${response.status})`;
    throw new GraphQLRequestError(
      message,
      response.status,
      errors.map((e) => e.extensions?.code),
    );
  }
  return body.data;
}

/**
 * The GET URL of a subscription for `new EventSource(url)` (GraphQL over Server-Sent Events, distinct
 * connections): EventSource sends `Accept: text/event-stream` itself and cannot send a body or headers, so
 * the document and variables travel in the query string. Each `next` event's data is one ExecutionResult.
 */
export function eventStreamUrl<Data, Variables>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
  endpoint = '/graphql',
): string {
  const query = new URLSearchParams({ query: print(document), variables: JSON.stringify(variables) });
  return `${endpoint}?${query}`;
}
