// A tiny GraphQL client over `app.fetch`: real HTTP semantics, no port.
import { sqlStatementCounter } from '../../src/db.js';
import type { App } from '../../src/http/app.js';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
  headers: Headers;
}

export async function gql<T = any>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GqlResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The `extensions.code` of each error, for assertions. */
export function errorCodes(response: GqlResponse): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** An answer read whole, with the SQL statements this process sent while it was computed. */
export interface MeasuredAnswer {
  status: number;
  headers: Headers;
  text: string;
  statements: number;
}

/** Sends one request and reads its answer, counting the statements (process-wide: one request at a time). */
export async function measured(send: () => Response | Promise<Response>): Promise<MeasuredAnswer> {
  const before = sqlStatementCounter.count;
  const response = await send();
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    statements: sqlStatementCounter.count - before,
  };
}
