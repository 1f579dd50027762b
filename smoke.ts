import { createApp } from './src/yoga.js';
import { createTestDatabase } from './test/helpers/db.js';

const t = await createTestDatabase();
const app = createApp({ db: t.db, logging: false });
for (const q of [
  '{ articles(last: -1) { totalCount } }',
  '{ articles(first: -1) { totalCount } }',
  '{ articles(after: "xx") { totalCount } }',
  '{ articles(first: 2, last: 2) { totalCount } }',
  '{ articles(after: "R1BDOk46MQ==", last: 2) { totalCount } }',
]) {
  const r = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  console.log(q, await r.text());
}
await t.cleanup();
