// Persisted (trusted) operations: a GET names one of our own page documents by its sha256 hash.
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { badRequest, persistedQueryNotFound } from '../../errors.js';
import manifest from '../persisted-operations.json' with { type: 'json' };

export function loadPersistedManifest(): ReadonlyMap<string, string> {
  return new Map(Object.entries(manifest as Record<string, string>));
}

/**
 * Arbitrary documents stay allowed (this is a public read API and POST clients send their own); a request
 * naming a hash must name one in the manifest, else PERSISTED_QUERY_NOT_FOUND. Mutations over GET are
 * refused by Yoga itself (405, Allow: POST).
 */
export function usePersistedPageOperations(operations = loadPersistedManifest()): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: true,
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    customErrors: {
      notFound: (payload) =>
        persistedQueryNotFound(
          (payload.params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash,
        ),
      keyNotFound: () =>
        badRequest('Send either `query` or `extensions.persistedQuery` (version 1, sha256Hash).'),
    },
  });
}
