// The typed `graphql()` for front-end code: gql.tada infers result and variable types from the committed
// schema.graphql through the generated src/client/graphql-env.d.ts (`npm run client:generate`).
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // The schema's DateTime is an ISO-8601 UTC string on the wire; IDs are opaque Relay global ids.
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
