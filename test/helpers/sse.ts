// A GraphQL-over-SSE client for tests: opens a subscription through `app.fetch` (real HTTP semantics, no
// port) or over a real port, and collects its `next` events as they arrive, so a test can wait for the next one.
import type { App } from '../../src/http/app.js';

export interface EventStream {
  status: number;
  contentType: string | null;
  /** The next `next` event's ExecutionResult; rejects after `timeoutMs` with none. */
  next(timeoutMs?: number): Promise<any>;
  /** Events received and not yet taken by `next`. */
  readonly queued: any[];
  /** True once the server sent `complete` or the stream ended. */
  readonly ended: boolean;
  close(): void;
}

/** `target`: an app (its fetch, no port) or a running server's base URL (real HTTP). */
export async function subscribe(
  target: App | string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const init = { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal };
  const response =
    typeof target === 'string'
      ? await fetch(`${target}/graphql?${search}`, init)
      : await target.fetch(`http://yoga/graphql?${search}`, init);
  const queued: any[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const reader = response.body?.getReader();
  const pump = async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (event === 'next') queued.push(JSON.parse(data));
          if (event === 'complete') ended = true;
          end = buffer.indexOf('\n\n');
        }
        wake?.();
      }
    } catch {
      // aborted by close()
    }
    ended = true;
    wake?.();
  };
  void pump();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    queued,
    get ended() {
      return ended;
    },
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (queued.length === 0) {
        if (ended) throw new Error('the event stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return queued.shift();
    },
    close() {
      // Cancelling the body is what a client going away does to the stream: the server stops listening.
      void reader?.cancel().catch(() => {});
      controller.abort();
    },
  };
}
