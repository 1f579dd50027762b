// The project's own server as src/server.ts builds it (cache, node fast path), for W1-W4.

import { createDb, sqlStatementCounter } from '../../src/db.js';
import { createApp, GRAPHQL_ENDPOINT } from '../../src/http/app.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import { serve, serverArgs } from './common.js';

const { port, databaseUrl } = serverArgs();
const db = await createDb(databaseUrl);
const cache = new ReadCache({ db });
const app = createApp({ db, cache, logging: false });
serve(port, cache.nodeHandler(GRAPHQL_ENDPOINT, app), () => sqlStatementCounter.count);
