// `npm run bench`: builds (or reuses) the corpus, starts each server pinned to core 0, drives load from
// core 1 with autocannon, warms up, runs interleaved repetitions and prints one table.
// Flags: --quick, --articles N, --seconds S, --warmup S, --reps R, --connections C
// (or BENCH_ARTICLES, BENCH_SECONDS, BENCH_WARMUP, BENCH_REPS, BENCH_CONNECTIONS).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { writeCorpus } from './corpus.js';
import { STATS_PATH } from './servers/common.js';
import { type BenchRequest, SERVER_SCRIPTS, type ServerName, WORKLOADS } from './workloads.js';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    articles: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    reps: { type: 'string' },
    connections: { type: 'string' },
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

/** The corpus file is reused while the generator, writer and migrations are unchanged. */
async function ensureCorpus(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['bench/corpus.ts', 'src/editorial/store.ts', 'src/ingest/derive.ts'])
    hash.update(readFileSync(join(root, file)));
  for (const m of readdirSync(join(root, 'prisma', 'migrations')).sort()) hash.update(m);
  const dir = join(root, 'bench', '.data');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `corpus-${ARTICLES}-${hash.digest('hex').slice(0, 12)}.db`);
  if (existsSync(path)) {
    log(`corpus: reusing ${path}`);
    return path;
  }
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  log(`corpus: writing ${ARTICLES} articles through the import writer...`);
  const report = await writeCorpus(`file:${building}`, ARTICLES);
  renameSync(building, path);
  log(
    `corpus: ${report.articles} articles in ${report.seconds.toFixed(1)} s = ${report.articlesPerSecond.toFixed(0)} articles/s`,
  );
  return path;
}

interface RunningServer {
  name: ServerName;
  port: number;
  child: ChildProcess;
}

/**
 * V8 flags for every server alike, as a memory-conscious deployment would set them. A 4 MB semi-space
 * (default 16) keeps the young generation small: peak RSS of the uncached article page at 50 connections
 * fell from ~275 to ~230 MB at the same req/s. A 128 MB old space makes V8 collect before it grows the
 * heap: the app's peak over W1-W4 in sequence fell from 264 to 164 MB with req/s unchanged within noise
 * (4 s runs: W1 145 vs 152, W2 108 vs 111, W4 8,750 vs 7,860); 96 MB cost W2 and W4 10-16%.
 */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=128'];

/**
 * Servers run as plain-node bundles of the same sources (dependencies stay in node_modules): the tsx
 * loader alone adds ~60 MB of resident memory, which is tooling, not the server.
 */
async function bundle(name: ServerName): Promise<string> {
  const outfile = join(root, 'bench', '.data', 'servers', `${name}.mjs`);
  await build({
    entryPoints: [join(root, SERVER_SCRIPTS[name])],
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

async function startServer(
  name: ServerName,
  port: number,
  dbPath: string,
  pinned: boolean,
): Promise<RunningServer> {
  const nodeArgs = [
    ...SERVER_NODE_FLAGS,
    await bundle(name),
    '--port',
    String(port),
    '--db',
    `file:${dbPath}`,
  ];
  const [command, args] = pinned
    ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(command as string, args as string[], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${name} exited with ${code} before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return { name, port, child };
}

async function readStats(server: RunningServer): Promise<{ requests: number; statements: number }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${STATS_PATH}`);
  return (await res.json()) as { requests: number; statements: number };
}

/** Stats once the server has finished what the last run left in flight, so runs don't bleed into each other. */
async function stats(server: RunningServer): Promise<{ requests: number; statements: number }> {
  let last = await readStats(server);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await readStats(server);
    if (now.requests === last.requests && now.statements === last.statements) return now;
    last = now;
  }
}

/** Peak resident set of the server process (VmHWM), in MB. */
function peakRssMb(server: RunningServer): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
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

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  errors: number;
}

async function load(server: RunningServer, requests: BenchRequest[], seconds: number): Promise<Sample> {
  let next = 0;
  const before = await stats(server);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[next++ % requests.length] as BenchRequest;
          return { ...req, method: r.method, path: r.path, body: r.body, headers: r.headers ?? {} };
        },
      },
    ],
  });
  const after = await stats(server);
  const served = Math.max(1, after.requests - before.requests);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerRequest: (after.statements - before.statements) / served,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main() {
  const started = Date.now();
  const pinned = pinSelf();
  const dbPath = await ensureCorpus();
  const servers = new Map<ServerName, RunningServer>();
  let port = 4100 + Math.floor(Math.random() * 500);
  try {
    for (const name of Object.keys(SERVER_SCRIPTS) as ServerName[]) {
      servers.set(name, await startServer(name, port++, dbPath, pinned));
    }
    const workloads = WORKLOADS.map((w) => ({ ...w, list: w.requests(ARTICLES) }));

    // Same article, three implementations: the answers must agree before their speeds are compared.
    const probe = (name: string) => workloads.find((w) => w.name.startsWith(name));
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
    for (const w of workloads)
      await check(servers.get(w.server) as RunningServer, w.list[0] as BenchRequest, w.name);
    const reference = answers[0]?.[1];
    for (const [name, answer] of answers) {
      if (answer !== reference)
        log(`! ${name} answers the article page differently from B2: check the hand-built JSON`);
    }

    for (const w of workloads.filter((x) => x.prime)) {
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
      const mine = workloads.filter((w) => w.server === name);
      for (const w of mine) await load(server, w.list, Math.max(1, Math.round(WARMUP / mine.length)));
    }

    const samples = new Map<string, Sample[]>(workloads.map((w) => [w.name, []]));
    for (let rep = 1; rep <= REPS; rep++) {
      for (const w of workloads) {
        const sample = await load(servers.get(w.server) as RunningServer, w.list, SECONDS);
        samples.get(w.name)?.push(sample);
        log(`rep ${rep}/${REPS} ${w.name}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms`);
      }
    }

    const rows = workloads.map((w) => {
      const s = samples.get(w.name) ?? [];
      return {
        workload: w.name,
        rps: median(s.map((x) => x.rps)),
        p50: median(s.map((x) => x.p50)),
        p99: median(s.map((x) => x.p99)),
        statements: median(s.map((x) => x.statementsPerRequest)),
        rss: peakRssMb(servers.get(w.server) as RunningServer),
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
    const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
    const summary = [
      `${new Date().toISOString()} - ${machine}`,
      `${ARTICLES} articles, ${CONNECTIONS} connections, ${WARMUP} s warm-up per server, ${REPS} x ${SECONDS} s interleaved runs, ${pinned ? 'server on core 0, driver on core 1' : 'unpinned'}; took ${((Date.now() - started) / 1000).toFixed(0)} s`,
      '',
      table,
    ].join('\n');
    console.log(summary);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.md`),
      `${summary}\n`,
    );
  } finally {
    for (const server of servers.values()) server.child.kill('SIGTERM');
  }
}

await main();
