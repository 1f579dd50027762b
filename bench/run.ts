// `npm run bench`: builds (or reuses) the corpus, starts the baselines and the product itself — `npm start`
// with its default settings, as users run it — pinned to core 0, drives load from core 1 with autocannon,
// warms up, runs interleaved repetitions and prints one table, plus the import rate and the product's peak
// resident memory. Then the scale-out rows: W1, W2 and W4 on SQLite with WORKERS=2 and on PostgreSQL (a
// throwaway cluster with its durability defaults, the corpus moved there by `npm run db:copy`), unpinned.
// Flags: --quick, --articles N, --seconds S, --warmup S, --reps R, --connections C, --no-scale-out
// (or BENCH_ARTICLES, BENCH_SECONDS, BENCH_WARMUP, BENCH_REPS, BENCH_CONNECTIONS).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { startCluster } from '../scripts/postgres-cluster.js';
import { createApiToken } from '../src/auth/tokens.js';
import { withPostgresClient } from '../src/db/postgres.js';
import { createDb } from '../src/db.js';
import { applyMigrations } from '../src/migrate.js';
import { corpusArticle, corpusPage, writeCorpus } from './corpus.js';
import { STATS_PATH } from './servers/common.js';
import {
  BASELINE_SCRIPTS,
  type BenchRequest,
  hotSet,
  type ServerName,
  WORKLOADS,
  type Workload,
} from './workloads.js';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    articles: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    reps: { type: 'string' },
    connections: { type: 'string' },
    'no-scale-out': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const setting = (flag: string | undefined, name: string, full: number, smoke: number): number => {
  const raw = flag ?? process.env[name];
  const value = raw === undefined ? (quick ? smoke : full) : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};
const ARTICLES = setting(values.articles, 'BENCH_ARTICLES', 10_000, 500);
const SECONDS = setting(values.seconds, 'BENCH_SECONDS', 8, 2);
const WARMUP = setting(values.warmup, 'BENCH_WARMUP', 10, 2);
const REPS = setting(values.reps, 'BENCH_REPS', 3, 3);
const CONNECTIONS = setting(values.connections, 'BENCH_CONNECTIONS', 50, 50);

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/** Pins this process (the load driver) to core 1; servers go to core 0. */
function pinSelf(): boolean {
  if (cpus().length < 2) {
    log('! fewer than 2 cores: nothing pinned, numbers mix driver and server');
    return false;
  }
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    log('! taskset unavailable: nothing pinned');
    return false;
  }
}

const dataDir = join(root, 'bench', '.data');

/** A hash of what the corpus is made from: the files are reused while it is unchanged. */
function corpusHash(): string {
  const hash = createHash('sha256');
  for (const file of ['bench/corpus.ts', 'src/editorial/store.ts', 'src/ingest/derive.ts'])
    hash.update(readFileSync(join(root, file)));
  for (const m of readdirSync(join(root, 'prisma', 'migrations')).sort()) hash.update(m);
  return hash.digest('hex').slice(0, 12);
}

async function ensureCorpus(): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `corpus-${ARTICLES}-${corpusHash()}.db`);
  if (existsSync(path)) {
    log(`corpus: reusing ${path}`);
    return path;
  }
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  log(`corpus: writing ${ARTICLES} articles through the import writer...`);
  const report = await writeCorpus(`file:${building}`, ARTICLES);
  renameSync(building, path);
  log(`corpus: ${report.articles} articles in ${report.seconds.toFixed(1)} s`);
  return path;
}

/** A private copy of the corpus for one server (W5 writes to it), with a write token for the editor. */
async function serverDatabase(corpus: string, name: string): Promise<{ url: string; token: string }> {
  const path = join(dataDir, `run-${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  copyFileSync(corpus, path);
  const url = `file:${path}`;
  const db = await createDb(url);
  const token = await createApiToken(db, `bench-${Date.now()}`, 'write');
  await db.$disconnect();
  return { url, token };
}

interface RunningServer {
  name: ServerName;
  port: number;
  child: ChildProcess;
  /** The process whose memory counts (npm start's node, not npm). */
  pid: () => number;
  /** Where its counters are: the baselines' stats endpoint, the product's /metrics. */
  stats: () => Promise<{ requests: number; statements: number }>;
  token?: string;
}

/** The baselines run as plain-node bundles of their harnesses (bench/servers/), with node's defaults. */
async function bundle(name: Exclude<ServerName, 'app'>): Promise<string> {
  const outfile = join(dataDir, 'servers', `${name}.mjs`);
  await build({
    entryPoints: [join(root, BASELINE_SCRIPTS[name])],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The command on core 0 (`true`), on the cores listed (`'0,1'`: a child would otherwise inherit the
 * driver's core 1 only), or as it is (`false`: nothing was pinned).
 */
const pinnedTo = (pinned: boolean | string, command: string, args: string[]): [string, string[]] =>
  pinned === false ? [command, args] : ['taskset', ['-c', pinned === true ? '0' : pinned, command, ...args]];

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) =>
      reject(new Error(`${what} exited with ${code} before listening:\n${output}`)),
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

async function startBaseline(
  name: Exclude<ServerName, 'app'>,
  port: number,
  corpus: string,
  pinned: boolean,
): Promise<RunningServer> {
  const [command, args] = pinnedTo(pinned, process.execPath, [
    await bundle(name),
    '--port',
    String(port),
    '--db',
    `file:${corpus}`,
  ]);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitFor(child, /ready/, name);
  return {
    name,
    port,
    child,
    pid: () => child.pid as number,
    stats: async () => (await (await fetch(`http://127.0.0.1:${port}${STATS_PATH}`)).json()) as never,
  };
}

/** The product: `npm start`, its defaults, on its own copy of the corpus. */
async function startProduct(
  corpus: string,
  pinned: boolean | string,
  env: Record<string, string> = {},
  database?: { url: string; token: string },
): Promise<RunningServer> {
  const { url, token } =
    database ?? (await serverDatabase(corpus, env.WORKERS ? `workers-${env.WORKERS}` : 'app'));
  const [command, args] = pinnedTo(pinned, 'npm', ['start']);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const match = await waitFor(child, /on http:\/\/localhost:(\d+)\/graphql/, 'npm start');
  const port = Number(match[1]);
  const pid = () => {
    // npm runs `exec node ...`: the server is npm's child (with WORKERS, the cluster's primary).
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ');
    return Number(children[0] ?? child.pid);
  };
  return {
    name: 'app',
    port,
    child,
    pid,
    token,
    stats: async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return {
        requests: value('newsroom_requests_total'),
        statements: value('newsroom_sql_statements_total'),
      };
    },
  };
}

function stop(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    try {
      process.kill(
        server.name === 'app' ? -(server.child.pid as number) : (server.child.pid as number),
        'SIGTERM',
      );
    } catch {
      resolve();
    }
  });
}

/** Stats once the server has finished what the last run left in flight, so runs don't bleed into each other. */
async function settledStats(server: RunningServer): Promise<{ requests: number; statements: number }> {
  let last = await server.stats();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await server.stats();
    // The stats request itself counts for the product (it is a request like any other).
    if (now.statements === last.statements && now.requests - last.requests <= 1) return now;
    last = now;
  }
}

/** Peak resident set (VmHWM) of a process, in MB; with WORKERS, of the primary and its workers. */
function peakRssMb(pid: number): number {
  const hwm = (p: number) =>
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children
  }
  return hwm(pid) + children.reduce((sum, c) => sum + hwm(c), 0);
}

async function check(server: RunningServer, request: BenchRequest, workload: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
    method: request.method,
    body: request.body,
    headers: request.headers,
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) {
    throw new Error(`${workload}: the first request failed (${res.status}): ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** The editor of W5: updates a paragraph of one hot article every `everyMs`, through the API. */
function startEditor(server: RunningServer, everyMs: number): { stop: () => Promise<number> } {
  let writes = 0;
  let running = true;
  const hot = Array.from({ length: Math.min(ARTICLES, 1000) }, (_, i) => ARTICLES - 1 - i);
  const loop = (async () => {
    while (running) {
      const index = hot[writes % hot.length] as number;
      const article = corpusArticle(index);
      const query = `mutation ($id: ID!, $p: [String!]!) { updateArticle(id: $id, input: { paragraphs: $p }) { version } }`;
      const id = Buffer.from(`Article:${index + 1}`).toString('base64');
      const started = Date.now();
      await fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({
          query,
          variables: { id, p: [...article.paragraphs, `Update ${writes + 1}.`] },
        }),
      });
      writes++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started))));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return writes;
    },
  };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  errors: number;
  writes?: number;
}

async function load(
  server: RunningServer,
  w: Workload & { list: BenchRequest[] },
  seconds: number,
): Promise<Sample> {
  let next = 0;
  const before = await settledStats(server);
  const editor = w.writesEveryMs ? startEditor(server, w.writesEveryMs) : undefined;
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = w.list[next++ % w.list.length] as BenchRequest;
          // A copy of the headers: autocannon writes the body's Content-Length into the object it is
          // given, which would then be wrong for the next request sharing it.
          return { ...req, method: r.method, path: r.path, body: r.body, headers: { ...r.headers } };
        },
      },
    ],
  });
  const writes = await editor?.stop();
  const after = await settledStats(server);
  const served = Math.max(1, after.requests - before.requests);
  if (w.cold && next > w.list.length)
    log(`! ${w.name}: ${next} requests over ${w.list.length} pages: some were hits`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerRequest: (after.statements - before.statements) / served,
    errors: result.errors + result.non2xx + result.timeouts,
    writes,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** `npm run import` of ARTICLES new pages into an empty database, timed as a user would time it. */
async function importRate(pinned: boolean): Promise<{ pages: number; seconds: number }> {
  const pages = join(dataDir, `pages-${ARTICLES}-${corpusHash()}`);
  if (!existsSync(pages)) {
    mkdirSync(`${pages}.building`, { recursive: true });
    for (let i = 0; i < ARTICLES; i++) {
      writeFileSync(join(`${pages}.building`, `${String(i).padStart(6, '0')}.txt`), corpusPage(i));
    }
    renameSync(`${pages}.building`, pages);
  }
  const path = join(dataDir, 'run-import.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  await applyMigrations(`file:${path}`, () => {});
  const [command, args] = pinnedTo(pinned, 'npm', ['run', '--silent', 'import', '--', pages]);
  const started = process.hrtime.bigint();
  execFileSync(command, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { pages: ARTICLES, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Every core, for the scale-out servers (unpinned: they and the driver share the machine). */
const everyCore = (): string =>
  cpus()
    .map((_, i) => i)
    .join(',');

/** The workloads run again on each scale-out variant. */
const SCALE_OUT_WORKLOADS = ['W1 article page', 'W2 front page', 'W4 persisted GET, cached'];

interface Variant {
  label: string;
  start: () => Promise<RunningServer>;
  cleanup?: () => void;
}

/**
 * PostgreSQL with the corpus: a throwaway cluster (fsync and synchronous commit on, as deployed), an empty
 * database filled by `npm run db:copy` from a copy of the corpus file, a write token for W5's editor.
 */
async function postgresVariant(corpus: string): Promise<Variant> {
  // PostgreSQL's processes inherit this process's affinity (core 1 only, when pinned): lift it meanwhile.
  const affinity = (cores: string) => {
    try {
      execFileSync('taskset', ['-cp', cores, String(process.pid)], { stdio: 'ignore' });
    } catch {
      // nothing was pinned
    }
  };
  let current = '';
  try {
    current =
      /list: (\S+)/.exec(execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }))?.[1] ??
      '';
  } catch {
    // no taskset: nothing was pinned
  }
  if (current) affinity(everyCore());
  const cluster = await startCluster({ durable: true }).finally(() => current && affinity(current));
  try {
    await withPostgresClient(cluster.url, (client) => client.query('CREATE DATABASE bench'));
    const target = new URL(cluster.url);
    target.pathname = '/bench';
    const source = await serverDatabase(corpus, 'pg-source');
    log('scale-out: npm run db:copy of the corpus into PostgreSQL...');
    execFileSync('npm', ['run', '--silent', 'db:copy', '--', '--to', target.href], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: source.url },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const db = await createDb(target.href);
    const token = await createApiToken(db, `bench-${Date.now()}`, 'write');
    await db.$disconnect();
    return {
      label: 'PostgreSQL',
      start: () => startProduct(corpus, everyCore(), {}, { url: target.href, token }),
      cleanup: cluster.stop,
    };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/**
 * W1, W2 and W4 on each way to scale out, unpinned: the server processes (two workers; or node and
 * PostgreSQL's backends) and the driver share both cores, so these rows compare with each other, not with
 * the pinned single-process rows above.
 */
async function scaleOut(
  corpus: string,
  workloads: (Workload & { list: BenchRequest[] })[],
  samples: Map<string, Sample[]>,
  rssMb: Map<string, number>,
): Promise<(Workload & { list: BenchRequest[] })[]> {
  const variants: (() => Promise<Variant>)[] = [
    async () => ({
      label: 'SQLite WORKERS=2',
      start: () => startProduct(corpus, everyCore(), { WORKERS: '2' }),
    }),
    () => postgresVariant(corpus),
  ];
  const rows: (Workload & { list: BenchRequest[] })[] = [];
  const mine = workloads.filter((w) => SCALE_OUT_WORKLOADS.includes(w.name));
  for (const make of variants) {
    let variant: Variant;
    try {
      variant = await make();
    } catch (error) {
      log(`! scale-out variant skipped: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    let server: RunningServer | undefined;
    try {
      server = await variant.start();
      const named = mine.map((w) => ({ ...w, name: `${w.name} · ${variant.label}` }));
      for (const w of named) {
        samples.set(w.name, []);
        rows.push(w);
        await check(server, w.list[0] as BenchRequest, w.name);
        if (w.prime) for (const r of w.list) await check(server, r, w.name);
        await load(server, w, Math.max(1, Math.round(WARMUP / named.length)));
      }
      for (let rep = 1; rep <= REPS; rep++) {
        for (const w of named) {
          const sample = await load(server, w, SECONDS);
          samples.get(w.name)?.push(sample);
          log(`rep ${rep}/${REPS} ${w.name}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms`);
        }
      }
      const rss = peakRssMb(server.pid());
      for (const w of named) rssMb.set(w.name, rss);
    } catch (error) {
      log(`! scale-out ${variant.label} stopped: ${(error as Error).message}`);
    } finally {
      if (server) await stop(server);
      variant.cleanup?.();
    }
  }
  return rows;
}

async function main() {
  const started = Date.now();
  const pinned = pinSelf();
  const corpus = await ensureCorpus();
  const servers = new Map<ServerName, RunningServer>();
  let port = 4100 + Math.floor(Math.random() * 500);
  const workloads = WORKLOADS.map((w) => ({ ...w, list: w.requests(ARTICLES) }));
  const samples = new Map<string, Sample[]>(workloads.map((w) => [w.name, []]));
  const rssMb = new Map<string, number>();
  try {
    for (const name of Object.keys(BASELINE_SCRIPTS) as Exclude<ServerName, 'app'>[]) {
      servers.set(name, await startBaseline(name, port++, corpus, pinned));
    }
    servers.set('app', await startProduct(corpus, pinned));
    const warm = workloads.filter((w) => !w.cold);

    // Same article, three implementations: the answers must agree before their speeds are compared.
    const probe = (name: string) => warm.find((w) => w.name.startsWith(name));
    const answers = [];
    for (const prefix of ['B2', 'B3 Yoga+Prisma W1', 'W1', 'W4']) {
      const w = probe(prefix);
      if (!w) continue;
      const request = w.list[w.list.length - 1] as BenchRequest;
      answers.push([
        prefix,
        JSON.stringify(await check(servers.get(w.server) as RunningServer, request, w.name)),
      ]);
    }
    for (const w of warm)
      await check(servers.get(w.server) as RunningServer, w.list[0] as BenchRequest, w.name);
    for (const [name, answer] of answers) {
      if (answer !== answers[0]?.[1]) log(`! ${name} answers the article page differently from B2`);
    }

    for (const w of warm.filter((x) => x.prime)) {
      log(`priming: ${w.list.length} requests of ${w.name}...`);
      const server = servers.get(w.server) as RunningServer;
      let next = 0;
      const worker = async () => {
        while (next < w.list.length) await check(server, w.list[next++] as BenchRequest, w.name);
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }

    log(`warm-up: ${WARMUP} s per server...`);
    for (const [name, server] of servers) {
      const mine = warm.filter((w) => w.server === name && !w.writesEveryMs);
      for (const w of mine) await load(server, w, Math.max(1, Math.round(WARMUP / mine.length)));
    }

    for (let rep = 1; rep <= REPS; rep++) {
      for (const w of warm) {
        if (w.writesEveryMs) {
          // W4's hot set is fully cached again before each W5 run, so W5 starts where W4 does.
          const server = servers.get(w.server) as RunningServer;
          for (const r of hotSet(ARTICLES)) await check(server, r, w.name);
        }
        const sample = await load(servers.get(w.server) as RunningServer, w, SECONDS);
        samples.get(w.name)?.push(sample);
        log(
          `rep ${rep}/${REPS} ${w.name}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms${sample.writes ? `, ${sample.writes} writes` : ''}`,
        );
      }
    }
    const app = servers.get('app') as RunningServer;
    rssMb.set('npm start', peakRssMb(app.pid()));
    for (const [name, server] of servers) rssMb.set(name, peakRssMb(server.pid()));
    await stop(app);

    // Cold: a fresh `npm start` per run, each page asked once.
    for (const w of workloads.filter((x) => x.cold)) {
      for (let rep = 1; rep <= REPS; rep++) {
        const fresh = await startProduct(corpus, pinned);
        try {
          const sample = await load(fresh, w, Math.min(SECONDS, 4));
          samples.get(w.name)?.push(sample);
          rssMb.set(w.name, Math.max(rssMb.get(w.name) ?? 0, peakRssMb(fresh.pid())));
          log(`rep ${rep}/${REPS} ${w.name}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms`);
        } finally {
          await stop(fresh);
        }
      }
    }
  } finally {
    for (const server of servers.values()) await stop(server);
  }

  const scaled = values['no-scale-out'] ? [] : await scaleOut(corpus, workloads, samples, rssMb);

  log('import: npm run import of the corpus pages into an empty database...');
  const imported = await importRate(pinned);

  const rows = [...workloads, ...scaled].map((w) => {
    const s = samples.get(w.name) ?? [];
    return {
      workload: w.name,
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      statements: median(s.map((x) => x.statementsPerRequest)),
      rss: rssMb.get(w.name) ?? rssMb.get(w.server) ?? Number.NaN,
      errors: s.reduce((n, x) => n + x.errors, 0),
      sameWorkloadB3: w.sameWorkloadB3,
    };
  });
  const rpsOf = (prefix: string) => rows.find((r) => r.workload.startsWith(prefix))?.rps;
  const ratio = (rps: number, base: number | undefined) => (base ? `${(rps / base).toFixed(2)}x` : '-');
  const header = [
    'workload',
    'req/s (median)',
    'p50 ms',
    'p99 ms',
    'SQL/req',
    'peak RSS MB',
    'x B1',
    'x B2',
    'x B3',
  ];
  const lines = rows.map((r) => [
    r.workload + (r.errors ? ` (${r.errors} errors)` : ''),
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.statements.toFixed(2),
    r.rss.toFixed(0),
    ratio(r.rps, rpsOf('B1')),
    ratio(r.rps, rpsOf('B2')),
    ratio(r.rps, r.sameWorkloadB3 ? rpsOf(r.sameWorkloadB3) : undefined),
  ]);
  const table = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
  const w5 = rows.find((r) => r.workload.startsWith('W5'));
  const w4 = rpsOf('W4');
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  const summary = [
    `${new Date().toISOString()} - ${machine}`,
    `${ARTICLES} articles, ${CONNECTIONS} connections, ${WARMUP} s warm-up per server, ${REPS} x ${SECONDS} s interleaved runs, ${pinned ? 'server on core 0, driver on core 1' : 'unpinned'}; the product is \`npm start\` with its defaults; took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    '',
    table,
    '',
    `- import: \`npm run import\` of ${imported.pages} new pages in ${imported.seconds.toFixed(1)} s = ${(imported.pages / imported.seconds).toFixed(0)} pages/s (process start included)`,
    `- \`npm start\` peak RSS after W1-W5: ${rssMb.get('npm start')?.toFixed(0)} MB`,
    w5 && w4 ? `- W5 / W4 = ${(w5.rps / w4).toFixed(2)}x, W5 p99 ${w5.p99.toFixed(1)} ms` : '',
    scaled.length > 0
      ? '- rows marked · run unpinned (the server processes and the driver share both cores): compare them with each other'
      : '',
  ].join('\n');
  console.log(summary);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.md`),
    `${summary}\n`,
  );
}

await main();
