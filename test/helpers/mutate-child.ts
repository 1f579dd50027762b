// Run as a child process: an editor updating one article in a loop through the real API (createApp on its
// own connection), as a second server process would. Prints one line per attempt: `ok <version>` or
// `<CODE>`. Usage: tsx mutate-child.ts <db-url> <token> <article global id> <count>
import { createDb } from '../../src/db.js';
import { createApp } from '../../src/http/app.js';

const [url, token, id, count] = process.argv.slice(2);
if (!url || !token || !id || !count) throw new Error('usage: mutate-child.ts <db-url> <token> <id> <count>');
const db = await createDb(url);
const app = createApp({ db, logging: false });
const READ = `query ($id: ID!) { node(id: $id) { ... on Article { version } } }`;
const UPDATE = `mutation ($id: ID!, $v: Int, $h: String!) {
  updateArticle(id: $id, expectedVersion: $v, input: { headline: $h }) { version } }`;

async function gql(query: string, variables: Record<string, unknown>) {
  const response = await app.fetch('http://child/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, { version: number }>;
    errors?: { extensions?: { code?: string } }[];
  };
}

for (let i = 0; i < Number(count); i++) {
  const read = await gql(READ, { id });
  const version = read.data?.node?.version;
  const res = await gql(UPDATE, { id, v: version, h: `Headline ${process.pid} ${i}` });
  const line = res.errors
    ? (res.errors[0]?.extensions?.code ?? 'ERROR')
    : `ok ${res.data?.updateArticle?.version}`;
  process.stdout.write(`${line}\n`);
}
await db.$disconnect();
