// What every benchmarked server shares: its port and database from argv, a stats endpoint the driver
// reads between runs (requests served, SQL statements sent), and listening.
import { createServer, type RequestListener } from 'node:http';
import { parseArgs } from 'node:util';

export const STATS_PATH = '/__bench/stats';

export function serverArgs(): { port: number; databaseUrl: string } {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, db: { type: 'string', default: '' } },
  });
  return { port: Number(values.port), databaseUrl: values.db ?? '' };
}

/** Listens on 127.0.0.1:port; every request except the stats one counts. */
export function serve(port: number, handler: RequestListener, statements: () => number): void {
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url === STATS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests, statements: statements(), memory: process.memoryUsage() }));
      return;
    }
    requests++;
    handler(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => console.log('ready'));
  process.on('SIGTERM', () => process.exit(0));
}
