// A real webhook receiver on a free port in the test process: it records every request (headers and raw
// body) and answers with the status a test sets, or not at all (`hang`), or is not listening (`down`).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON. */
  json: any;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Status for the next requests (200 by default), or `hang` to never answer. */
  answer: number | 'hang';
  /** Stops listening (connections are refused) until `up()`; the port stays the same. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let port = 0;
  let server: Server | undefined;
  const waiters: (() => void)[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    answer: 200,
    async down() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    },
    async up() {
      if (server) return;
      const s = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          body += chunk;
        });
        req.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          received.push({ path: req.url ?? '', headers: req.headers, body, json });
          for (const wake of waiters.splice(0)) wake();
          if (receiver.answer === 'hang') return;
          res.writeHead(receiver.answer, { 'content-type': 'text/plain' });
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
      port = (s.address() as AddressInfo).port;
      server = s;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`receiver: ${received.length} of ${count} requests after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    async close() {
      await receiver.down();
    },
  };
  await receiver.up();
  Object.defineProperty(receiver, 'url', { value: `http://127.0.0.1:${port}/hooks/news` });
  return receiver;
}
