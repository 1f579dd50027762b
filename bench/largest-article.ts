// What the largest article the API accepts costs to write: `tsx bench/largest-article.ts` builds a
// createArticle input and an importArticlePage text at every ARTICLE_LIMITS bound (dense with citations
// and quotes, the expensive part of deriving), writes each through the API in a fresh process on a fresh
// database, and prints wall time, the longest event-loop stall, peak RSS and the request body size.
// `--case create|import|update` runs one case in this process (what the parent spawns).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiToken } from '../src/auth/tokens.js';
import { createDb, sqlStatementCounter } from '../src/db.js';
import { createApp } from '../src/http/app.js';
import { deriveArticle } from '../src/ingest/derive.js';
import { ARTICLE_LIMITS } from '../src/ingest/limits.js';
import { applyMigrations } from '../src/migrate.js';

const CASES = ['create', 'import', 'update'] as const;
type Case = (typeof CASES)[number];

const L = ARTICLE_LIMITS;

/** Newsroom prose with a citation and a quote per sentence, so deriving has the most to find. */
const SENTENCES = [
  'Officials in Geneva discussed the trade pact on Thursday, Reuters reported.',
  '"We are ready to work with every partner on this," Maria Lopez said.',
  'The ministry said the rail link would open next year, according to Xinhua.',
  'Investors welcomed the budget, the Financial Times reported.',
  '"This is a turning point for the region," Lopez told CNN.',
  'Negotiators met again in Nairobi, state media TASS reported.',
];

/** A made-up outlet name per number (`Kavo Times`), so every few sentences cite a source not seen yet. */
function outlet(n: number): string {
  const syllables = ['ka', 'vo', 'ri', 'zu', 'me', 'lan', 'to', 'sen', 'da', 'pi'];
  let name = '';
  for (let rest = n + 10; rest > 0; rest = Math.floor(rest / 10)) name += syllables[rest % 10];
  return `${name[0]?.toUpperCase()}${name.slice(1)} Times`;
}

let sentenceCount = 0;
function prose(length: number, offset: number): string {
  let text = '';
  for (let i = offset; text.length < length; i++) {
    sentenceCount++;
    text +=
      sentenceCount % 3 === 0 && !process.env.FEW_SOURCES
        ? `The ${outlet(sentenceCount)} reported the figures. `
        : `${SENTENCES[i % SENTENCES.length]} `;
  }
  return text
    .slice(0, length)
    .trim()
    .replace(/\s+\S*$/, '.');
}

/**
 * Paragraphs that fill `bodyText`: `many` is the most paragraphs the limits allow, `long` the fewest
 * (each as long as allowed).
 */
function paragraphs(): string[] {
  const count = shape === 'many' ? L.paragraphs : Math.ceil(L.bodyText / L.paragraph);
  const each = Math.min(L.paragraph, Math.floor(L.bodyText / count));
  return Array.from({ length: count }, (_, i) => prose(each, i));
}

function relatedLinks(): { title: string; url: string }[] {
  return Array.from({ length: L.relatedLinks }, (_, i) => ({
    title: `${i} ${prose(L.linkTitle - 4, i)}`.slice(0, L.linkTitle).replace(/[."]/g, ''),
    url: `https://news.example/${String(i).padStart(4, '0')}/${'a'.repeat(L.url - 40)}`.slice(0, L.url),
  }));
}

const headline = (tag: string) =>
  `${tag} ${'Leaders sign a joint statement on trade '.repeat(20)}`.slice(0, L.headline).trim();

function createInput(tag: string) {
  return {
    headline: headline(tag),
    section: `World ${'desk '.repeat(40)}`.slice(0, L.section).trim(),
    dateline: 'Beijing',
    paragraphs: paragraphs(),
    relatedLinks: relatedLinks(),
    status: 'PUBLISHED',
  };
}

/** A page file in the seed/ format as large as `page` allows. */
function pageText(): string {
  const head = `Thursday, June 20, 2024\n\nWorld\n\n${headline('Imported')}\n\n`;
  const links = relatedLinks().map((l) => l.title);
  const tail = `\nShare on\n\nRelated News\n${links.join('\n')}\n`;
  const room = L.page - head.length - tail.length;
  const body: string[] = [];
  let used = 0;
  const all = paragraphs();
  for (const [i, p] of all.entries()) {
    if (used + p.length + 1 > room || used + p.length > L.bodyText) break;
    body.push(i === 0 ? `Beijing: ${p}` : p);
    used += p.length + 1;
  }
  return head + body.join('\n') + tail;
}

const CREATE = 'mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id version } }';
const UPDATE =
  'mutation ($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id version } }';
const IMPORT = 'mutation ($text: String!) { importArticlePage(text: $text, status: PUBLISHED) { outcome } }';

async function runCase(which: Case): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-largest-'));
  const url = `file:${join(dir, 'bench.db')}`;
  try {
    await applyMigrations(url);
    const db = await createDb(url);
    const app = createApp({ db, logging: false });
    const token = await createApiToken(db, 'bench', 'write');
    const post = async (query: string, variables: Record<string, unknown>) => {
      const body = JSON.stringify({ query, variables });
      const response = await app.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const json = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
      if (json.errors) throw new Error(`${which}: ${JSON.stringify(json.errors).slice(0, 500)}`);
      return { json, bytes: Buffer.byteLength(body) };
    };
    // Warm up the code paths with a small article, so the figures are the large write's own.
    const small = await post(CREATE, {
      input: { headline: 'Warm-up', section: 'World', paragraphs: ['Officials met, Reuters reported.'] },
    });
    const smallId = (small.json as { data: { createArticle: { id: string } } }).data.createArticle.id;
    global.gc?.();

    // Deriving alone (pure: citations, quotes, hash), to tell it apart from the database write.
    const deriveStarted = performance.now();
    deriveArticle({ ...createInput('Derived'), slug: 'derived', publishedAt: new Date() });
    const deriveMs = performance.now() - deriveStarted;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    // The longest the event loop went without running a 1 ms timer: what every other request waited.
    let maxStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last);
      last = now;
    }, 1);
    const statementsBefore = sqlStatementCounter.count;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let bytes: number;
    if (which === 'create') bytes = (await post(CREATE, { input: createInput('Created') })).bytes;
    else if (which === 'update') {
      const { headline: _h, status: _s, ...input } = createInput('Updated');
      bytes = (await post(UPDATE, { id: smallId, input })).bytes;
    } else bytes = (await post(IMPORT, { text: pageText() })).bytes;
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const statements = sqlStatementCounter.count - statementsBefore;
    clearInterval(ticker);
    maxStall = Math.max(maxStall, performance.now() - last);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const [counts] = await db.$queryRawUnsafe<{ p: number; c: number; q: number; s: number }[]>(
      `SELECT (SELECT count(*) FROM "Paragraph") AS p, (SELECT count(*) FROM "Citation") AS c,
              (SELECT count(*) FROM "Quote") AS q, (SELECT count(*) FROM "Source") AS s`,
    );
    await db.$disconnect();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    console.log(
      JSON.stringify({
        case: which,
        bodyKB: Math.round(bytes / 1024),
        ms: Math.round(ms),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        maxStallMs: Math.round(maxStall),
        deriveMs: Math.round(deriveMs),
        statements,
        rssBeforeMB: mb(rssBefore),
        peakRssMB: mb(peakRss),
        rows: Object.fromEntries(Object.entries(counts ?? {}).map(([k, v]) => [k, Number(v)])),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: { case: { type: 'string' }, shape: { type: 'string', default: 'many' } },
});
const shape = values.shape === 'long' ? 'long' : 'many';
if (values.case) {
  if (!(CASES as readonly string[]).includes(values.case))
    throw new Error(`--case is one of ${CASES.join(', ')}`);
  await runCase(values.case as Case);
} else {
  console.log(`ARTICLE_LIMITS: ${JSON.stringify(L)}; paragraphs: ${shape}`);
  console.log(
    'case    body KB   wall ms    CPU ms   max stall ms   derive ms   SQL   RSS before MB   peak RSS MB   rows (paragraphs/citations/quotes/sources)',
  );
  for (const which of CASES) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--case', which, '--shape', shape],
      {
        encoding: 'utf8',
      },
    );
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    console.log(
      `${r.case.padEnd(7)} ${String(r.bodyKB).padStart(7)} ${String(r.ms).padStart(9)} ${String(r.cpuMs).padStart(9)} ${String(r.maxStallMs).padStart(14)} ${String(r.deriveMs).padStart(11)} ${String(r.statements).padStart(5)} ${String(r.rssBeforeMB).padStart(15)} ${String(r.peakRssMB).padStart(13)}   ${r.rows.p}/${r.rows.c}/${r.rows.q}/${r.rows.s}`,
    );
  }
}
