// Request bodies are bounded by what the largest legitimate request needs (the largest article a
// mutation accepts), and refused with 413 before they are buffered: by Content-Length in the node:http
// server before Yoga sees the request, and by counting bytes as they stream in (chunked bodies, and every
// body through app.fetch) in a Yoga plugin. The arithmetic is in docs/limits.md.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { errorResponse, payloadTooLarge } from '../errors.js';
import { ARTICLE_LIMITS } from '../ingest/limits.js';

/**
 * Bytes one UTF-16 unit of text can take in a request as a JSON encoder writes it: `\u0001` (6) in a JSON
 * string, 7 when the text sits in a GraphQL string literal inside the JSON (`\\u0001`): control
 * characters and lone surrogates are escaped that way; every other character takes fewer bytes.
 */
export const WORST_BYTES_PER_CHAR = 7;

/**
 * Everything but the article's text: the query document (a mutation with fragments is a few KB; 2000
 * tokens at most, src/http/limits.ts), operation name, keys, ids, dates, enums and pretty-printing.
 */
export const ENVELOPE_BYTES = 64 * 1024;

type ArticleLimits = { readonly [K in keyof typeof ARTICLE_LIMITS]: number };

/** The characters of the largest createArticle/updateArticle input, every field at its limit. */
export function largestArticleInputChars(L: ArticleLimits = ARTICLE_LIMITS): number {
  return (
    L.headline +
    L.slug +
    L.section +
    L.dateline +
    L.bodyText +
    // each paragraph's quotes and comma
    L.paragraphs * 3 +
    L.relatedLinks * (L.linkTitle + L.url + '{"title":"","url":""},'.length)
  );
}

/**
 * The largest request body a legitimate request needs: the larger of the largest createArticle input
 * and the largest importArticlePage text, each character escaped as expensively as JSON allows, plus the
 * envelope. Anything bigger is refused with 413.
 */
export function maxRequestBodyBytes(L: ArticleLimits = ARTICLE_LIMITS): number {
  const largestText = Math.max(largestArticleInputChars(L), L.page);
  return largestText * WORST_BYTES_PER_CHAR + ENVELOPE_BYTES;
}

export const MAX_REQUEST_BODY_BYTES = maxRequestBodyBytes();

/**
 * After a 413 the rest of the body is read and thrown away for this long, so the client (which is still
 * sending) gets to read the answer instead of a reset connection; then the connection is cut. Nothing of
 * it is kept: memory stays flat however much is sent.
 */
export const DISCARD_BODY_MS = 5_000;

/** The declared Content-Length, or undefined when there is none (chunked) or it is not a number. */
function declaredLength(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function refusal(maxBytes: number) {
  const { status, headers, body } = errorResponse(payloadTooLarge(maxBytes));
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/**
 * node:http: answers 413 to a request whose Content-Length is over the bound before anything reads its
 * body (node then discards what arrives; the connection is cut if that takes over DISCARD_BODY_MS); other
 * requests go to `next`. `onCheckContinue` is for the server's 'checkContinue' event, so a client that
 * asks first (`Expect: 100-continue`, as curl does for large bodies) never sends an oversized body.
 */
export function refuseOversizedBodies(
  next: RequestListener,
  maxBytes: number = MAX_REQUEST_BODY_BYTES,
): { onRequest: RequestListener; onCheckContinue: RequestListener } {
  const tooLarge = (req: IncomingMessage, res: ServerResponse): boolean => {
    const length = declaredLength(req.headers['content-length']);
    if (length === undefined || length <= maxBytes) return false;
    const answer = refusal(maxBytes);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
    setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, DISCARD_BODY_MS).unref();
    return true;
  };
  return {
    onRequest: (req, res) => {
      if (!tooLarge(req, res)) next(req, res);
    },
    onCheckContinue: (req, res) => {
      if (tooLarge(req, res)) return;
      res.writeContinue();
      next(req, res);
    },
  };
}

/** Reads and drops the rest of a refused body for at most DISCARD_BODY_MS, then cancels it. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const until = Date.now() + DISCARD_BODY_MS;
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DISCARD_BODY_MS);
  timer.unref();
  try {
    while (Date.now() < until && !(await reader.read()).done) {
      // dropped
    }
    if (Date.now() >= until) await reader.cancel();
  } catch {
    // the client went away
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Yoga plugin: reads every request body itself, counting bytes as they arrive, and answers 413 as soon as
 * the count passes the bound (a chunked body has no Content-Length to check first); a body within it is
 * handed on as bytes. So at most `maxBytes` of any request is ever held. First in the plugin list.
 */
export function useRequestBodyLimit(maxBytes: number = MAX_REQUEST_BODY_BYTES): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      const refuse = () => {
        const answer = refusal(maxBytes);
        endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
      };
      const declared = declaredLength(request.headers.get('content-length'));
      if (declared !== undefined && declared > maxBytes) return refuse();
      if (!request.body) return;
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          // Not cancelled now: over node:http that would cut the connection before the 413 is written.
          void discardRest(reader);
          return refuse();
        }
        chunks.push(value);
      }
      const body = Buffer.concat(chunks, total);
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: request.signal,
        }),
      );
    },
  };
}
