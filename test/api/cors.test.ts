// Browser access rules (src/http/cors.ts) over real HTTP semantics through app.fetch.
// Reading CORS_ORIGINS on its own: test/unit/cors-origins.test.ts.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/env.js';
import { setupSuite } from '../helpers/suite.js';

const TRUSTED = 'https://desk.newsroom.example';
const STRANGER = 'https://elsewhere.example';
const SELF = 'http://yoga';
const QUERY = '{ articles(first: 1) { edges { node { headline } } } }';

const t = setupSuite({ seed: true, app: { corsOrigins: parseEnv({ CORS_ORIGINS: TRUSTED }).corsOrigins } });

function preflight(origin: string, requestHeaders = 'content-type') {
  return t.app.fetch('http://yoga/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });
}

function post(query: string, headers: Record<string, string> = {}) {
  return t.app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
}

function varyOf(response: Response): string[] {
  return (response.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());
}

describe('preflight (OPTIONS)', () => {
  it('lets any origin POST public reads, but not send Authorization', async () => {
    const res = await preflight(STRANGER, 'content-type, authorization');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const allowed = res.headers.get('access-control-allow-headers')?.split(', ');
    expect(allowed).toContain('content-type');
    expect(allowed).not.toContain('authorization');
    expect(res.headers.get('access-control-max-age')).toBe('7200');
    expect(varyOf(res)).toContain('origin');
    expect(await res.text()).toBe('');
  });

  it('lets a listed origin send Authorization, naming that origin', async () => {
    const res = await preflight(TRUSTED, 'content-type, authorization');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toContain('authorization');
    expect(varyOf(res)).toContain('origin');
  });

  it("trusts the server's own origin (GraphiQL and the reader page)", async () => {
    const res = await preflight(SELF, 'authorization');
    expect(res.headers.get('access-control-allow-origin')).toBe(SELF);
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toContain('authorization');
  });
});

describe('actual requests', () => {
  it('answers public reads to any origin with one cacheable shape: ACAO *, Vary Accept, ETag exposed', async () => {
    for (const origin of [STRANGER, TRUSTED]) {
      const res = await post(QUERY, { origin });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(varyOf(res)).toContain('accept');
      expect(varyOf(res)).not.toContain('origin');
      expect(res.headers.get('access-control-expose-headers')).toMatch(/\betag\b/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = (await res.json()) as { data: { articles: { edges: unknown[] } } };
      expect(body.data.articles.edges).toHaveLength(1);
    }
  });

  it('allows GET for queries from any origin', async () => {
    const url = `http://yoga/graphql?query=${encodeURIComponent(QUERY)}`;
    const res = await t.app.fetch(url, { headers: { origin: STRANGER, accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
  });

  it('refuses a mutation over GET (405, Allow: POST), whatever the origin', async () => {
    for (const origin of [STRANGER, TRUSTED]) {
      const url = `http://yoga/graphql?query=${encodeURIComponent('mutation { __typename }')}`;
      const res = await t.app.fetch(url, { headers: { origin, accept: 'application/json' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      const body = (await res.json()) as { errors: { message: string }[] };
      expect(body.errors[0]?.message).toMatch(/mutation operation from a POST request/);
    }
  });

  it('refuses a mutation from an unlisted origin with 403 FORBIDDEN, before anything runs', async () => {
    const res = await post('mutation Publish { __typename }', { origin: STRANGER });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0]?.message).toContain(`Origin ${STRANGER} may not send mutations`);
    expect(body.errors[0]?.message).toContain('CORS_ORIGINS');
  });

  it('refuses a form-encoded mutation (a "simple" request browsers send without a preflight)', async () => {
    const res = await t.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: STRANGER },
      body: `query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('does not refuse mutations from listed origins, its own origin, or non-browser clients', async () => {
    // `mutation { __typename }` needs no token, so getting past the origin check means it executes.
    for (const headers of [{ origin: TRUSTED }, { origin: SELF }, {}] as Record<string, string>[]) {
      const res = await post('mutation { __typename }', headers);
      const body = (await res.json()) as { data?: { __typename: string }; errors?: unknown[] };
      expect(res.status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data?.__typename).toBe('Mutation');
    }
  });

  it('refuses credentials (Authorization) from an unlisted origin, and lets a listed one through', async () => {
    const refused = await post(QUERY, { origin: STRANGER, authorization: 'Bearer abc' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*'); // so the page can read why
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0]?.message).toMatch(/may not send credentials \(Authorization\).*CORS_ORIGINS/);

    const allowed = await post(QUERY, { origin: TRUSTED, authorization: 'Bearer abc' });
    expect(allowed.status).not.toBe(403);
  });
});
