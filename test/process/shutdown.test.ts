// `npm start` under a supervisor: SIGTERM or SIGINT sent to npm's pid or to its whole process group ends
// with every request in flight answered and no process of the group left (process test).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.js';
import { applyMigrations } from '../../src/migrate.js';
import { ROOT } from '../helpers/fixtures.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';

const dir = mkdtempSync(join(tmpdir(), 'newsroom-shutdown-'));
const databaseUrl = `file:${join(dir, 'shutdown.db')}`;
const IN_FLIGHT = 20;
/** Requests whose body is still being sent when the signal arrives. */
const MID_UPLOAD = 4;

beforeAll(async () => {
  // Enough articles that a page of 100 with paragraphs keeps the server busy for a while.
  await applyMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  const specs: PageSpec[] = Array.from({ length: 150 }, (_, i) => ({
    date: `2024-05-${String((i % 28) + 1).padStart(2, '0')}`,
    section: ['World', 'Business', 'Sports'][i % 3] ?? 'World',
    headline: `Officials in city ${i} discuss the ${i}th budget`,
    paragraphs: Array.from(
      { length: 12 },
      (_, p) =>
        `Paragraph ${p + 1} of story ${i}: the council met on Monday to discuss roads, Reuters reported.`,
    ),
  }));
  await importTexts(db, specs);
  await db.$disconnect();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pids of the live processes in process group `pgid` (from /proc: field 5 of stat is the group). */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state; a zombie has already exited.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function groupGone(pgid: number, withinMs: number): Promise<number[]> {
  const until = Date.now() + withinMs;
  let left = groupMembers(pgid);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = groupMembers(pgid);
  }
  return left;
}

interface Started {
  npm: ChildProcess;
  pgid: number;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let started: Started | undefined;
afterEach(() => {
  // Whatever a failed test left behind: only the group this test started.
  if (started && groupMembers(started.pgid).length > 0) process.kill(-started.pgid, 'SIGKILL');
  started = undefined;
});

/** `npm start` as a supervisor runs it: detached, so it leads its own process group. */
function startNpm(): Promise<Started> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
  const pgid = npm.pid as number;
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/on (http:\/\/localhost:\d+)\/graphql/);
      if (match?.[1]) resolve({ npm, pgid, url: match[1], output: () => output, exited });
    };
    npm.stdout?.on('data', onData);
    npm.stderr?.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
  });
}

const PAGE_QUERY = JSON.stringify({
  query:
    '{ articles(first: 100) { edges { node { headline section { name } paragraphs { text } sources { name } } } } }',
});

interface Outcome {
  ok: boolean;
  detail: string;
  at: number;
}

/** Fires `IN_FLIGHT` uncached page requests at once and reports how each ended. */
function fireRequests(url: string): Promise<Outcome>[] {
  return Array.from({ length: IN_FLIGHT }, async () => {
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PAGE_QUERY,
      });
      const body = (await response.json()) as { data?: { articles: { edges: unknown[] } }; errors?: unknown };
      const complete = response.status === 200 && body.data?.articles.edges.length === 100;
      return {
        ok: complete,
        detail: `${response.status} ${JSON.stringify(body.errors ?? '')}`,
        at: Date.now(),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { ok: false, detail: `${(error as Error).message} ${cause?.code ?? ''}`, at: Date.now() };
    }
  });
}

/**
 * A request whose headers and first half of body are sent now; `finish()` sends the rest. Whatever the
 * event loop's timing, it is in flight when the signal comes in between.
 */
function startUpload(url: string): {
  finish: () => void;
  outcome: Promise<Outcome & { connection?: string }>;
} {
  const body = Buffer.from(PAGE_QUERY);
  const half = Math.floor(body.length / 2);
  let req!: ClientRequest;
  const outcome = new Promise<Outcome & { connection?: string }>((resolve) => {
    req = httpRequest(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    req.on('error', (error) => resolve({ ok: false, detail: `upload: ${error.message}`, at: Date.now() }));
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => {
        const data = JSON.parse(text) as { data?: { articles: { edges: unknown[] } } };
        resolve({
          ok: res.statusCode === 200 && data.data?.articles.edges.length === 100,
          detail: `upload: ${res.statusCode}`,
          at: Date.now(),
          connection: res.headers.connection,
        });
      });
    });
    req.write(body.subarray(0, half));
  });
  return { finish: () => req.end(body.subarray(half)), outcome };
}

async function until(condition: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function signalWithRequestsInFlight(signal: NodeJS.Signals, target: 'pid' | 'group') {
  started = await startNpm();
  const { npm, pgid, url, output, exited } = started;
  const uploads = Array.from({ length: MID_UPLOAD }, () => startUpload(url));
  // Let the idle server take in the uploads' headers before the load arrives.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const outcomes = fireRequests(url);
  // Signal once the server is busy answering: the first answer is out, the others are in flight.
  await Promise.race(outcomes);
  process.kill(target === 'pid' ? (npm.pid as number) : -pgid, signal);
  await until(() => output().includes(`${signal}: closing`), 10_000);
  for (const upload of uploads) upload.finish();
  const results = [...(await Promise.all(outcomes)), ...(await Promise.all(uploads.map((u) => u.outcome)))];

  expect(results.filter((r) => !r.ok).map((r) => r.detail)).toEqual([]);
  // The uploads were finished after the server began to close: answered, and told not to come back.
  for (const upload of uploads) expect((await upload.outcome).connection).toBe('close');
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(await groupGone(pgid, 5000)).toEqual([]);
  expect(output()).toContain(`${signal}: closing`);
  expect(output()).toMatch(/closed/);
}

describe('npm start under a supervisor', () => {
  it('SIGTERM to the npm pid: in-flight requests answered, no process left', async () => {
    await signalWithRequestsInFlight('SIGTERM', 'pid');
  }, 90_000);

  it('SIGTERM to the process group: in-flight requests answered, no process left', async () => {
    await signalWithRequestsInFlight('SIGTERM', 'group');
  }, 90_000);

  it('SIGINT to the npm pid: in-flight requests answered, no process left', async () => {
    await signalWithRequestsInFlight('SIGINT', 'pid');
  }, 90_000);

  it('SIGINT to the process group (Ctrl-C in a terminal): in-flight requests answered, no process left', async () => {
    await signalWithRequestsInFlight('SIGINT', 'group');
  }, 90_000);
});
