// The node:http server around the app: request bodies bounded before Yoga (body-limit.ts), cache hits
// answered before Yoga (cache/read-cache.ts), and a graceful close that answers every request in flight.

import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type App, GRAPHQL_ENDPOINT } from './app.js';
import { refuseOversizedBodies } from './body-limit.js';
import type { ReadCache } from './cache/read-cache.js';
import { requestCounter } from './metrics.js';

/** How long a graceful close waits for requests in flight before cutting their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** A connection that has sent nothing yet is left this long to send its request during a close. */
const NEW_CONNECTION_GRACE_MS = 1_000;
/** How long a close keeps taking in connections that were already waiting to be accepted. */
const ACCEPT_DRAIN_MS = 2_000;
/** How often a close looks for connections that have gone idle. */
const SWEEP_EVERY_MS = 100;

export interface NodeServer {
  server: Server;
  /**
   * Stops accepting connections and answers every request in flight, including those whose bytes have
   * arrived but were not read yet while the server was busy; each answer says `Connection: close`. A
   * connection is closed once idle; whatever is still busy after `graceMs` is cut. Resolves when no
   * connection is left.
   */
  close(graceMs?: number): Promise<void>;
}

interface Connection {
  openedAt: number;
  /** Requests read and not yet answered. */
  active: number;
  /** Whether it has sent a request yet. */
  used: boolean;
}

export function createNodeServer(app: App, cache: ReadCache): NodeServer {
  const connections = new Map<Socket, Connection>();
  const inFlight = new Set<ServerResponse>();
  let accepted = 0;
  let closing = false;
  const handler = cache.nodeHandler(GRAPHQL_ENDPOINT, app);

  // Node's own close() also destroys every connection it thinks idle, which includes connections whose
  // request is waiting unread in the socket while the server was busy: those clients would see a reset.
  // So connections are tracked here and closed only once known to be idle.
  const sweep = () => {
    const now = Date.now();
    for (const [socket, c] of connections) {
      const idle = c.active === 0 && (c.used || now - c.openedAt >= NEW_CONNECTION_GRACE_MS);
      if (idle) socket.destroy();
    }
  };

  const track: RequestListener = (req, res) => {
    requestCounter.count++;
    const connection = connections.get(req.socket);
    if (connection) {
      connection.used = true;
      connection.active++;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (connection) connection.active--;
      // After the poll phase in which any request already sent on this connection would have been read.
      if (closing) setImmediate(sweep);
    });
    if (closing) res.setHeader('connection', 'close');
    handler(req, res);
  };
  const guarded = refuseOversizedBodies(track);
  const server = createServer(guarded.onRequest);
  // Without this listener node answers `100 Continue` itself and the client sends the whole body.
  server.on('checkContinue', guarded.onCheckContinue);
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { openedAt: Date.now(), active: 0, used: false });
    accepted++;
    socket.once('close', () => connections.delete(socket));
  });

  let closed: Promise<void> | undefined;
  const close = (graceMs = SHUTDOWN_GRACE_MS): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      // Clients whose connection the kernel has completed but node has not accepted yet have sent their
      // request too; closing the listener would reset them. A busy server accepts one connection per
      // turn of the event loop, so keep accepting until a turn brings none (or ACCEPT_DRAIN_MS passes).
      const drainUntil = Date.now() + Math.min(ACCEPT_DRAIN_MS, graceMs);
      let seen: number;
      do {
        seen = accepted;
        await nextTurn();
        await nextTurn();
      } while (accepted !== seen && Date.now() < drainUntil);
      const stopped = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const sweeper = setInterval(() => setImmediate(sweep), SWEEP_EVERY_MS);
      const deadline = setTimeout(() => {
        for (const socket of connections.keys()) socket.destroy();
      }, graceMs);
      setImmediate(sweep);
      await stopped;
      clearInterval(sweeper);
      clearTimeout(deadline);
    })();
    return closed;
  };
  return { server, close };
}
