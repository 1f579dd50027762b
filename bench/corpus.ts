// A deterministic news corpus for the benchmark: article i is always the same article, on any machine.
// `tsx bench/corpus.ts --articles N --db file:...` writes it through the project's own writer.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb } from '../src/db.js';
import type { ParsedPage } from '../src/ingest/import.js';
import { writePages } from '../src/ingest/import.js';
import { slugify } from '../src/ingest/slug.js';
import type { ParsedArticle, ParsedCitation, ParsedParagraph, ParsedSourceRef } from '../src/ingest/types.js';
import { applyMigrations } from '../src/migrate.js';

/** mulberry32: tiny, fast and the same everywhere (the search tests' generated pages use it too). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS = ['Latest News', 'World', 'China', 'Business', 'Sports', 'Technology', 'Culture', 'Opinion'];
const SOURCES = [
  'Xinhua',
  'CNN',
  'Reuters',
  'the Associated Press',
  'AFP',
  'the BBC',
  'Kyodo',
  'Yonhap',
  'TASS',
  'Al Jazeera',
  'the Financial Times',
  'Bloomberg',
  'The New York Times',
  'Le Monde',
  'Der Spiegel',
  'the Ministry of Commerce',
  'the Foreign Ministry',
  'the State Council',
  'the World Bank',
  'the IMF',
  'the United Nations',
  'the WHO',
  'NHK',
  'Nikkei',
  'the South China Morning Post',
  'Caixin',
  "People's Daily",
  'the Global Times',
  'CCTV',
  'the Ministry of Finance',
];
const SUBJECTS = [
  'Officials',
  'Leaders',
  'Researchers',
  'Investors',
  'Residents',
  'Negotiators',
  'Engineers',
  'Farmers',
];
const VERBS = ['announce', 'discuss', 'approve', 'reject', 'review', 'expand', 'launch', 'delay'];
const OBJECTS = [
  'trade pact',
  'rail link',
  'climate plan',
  'budget',
  'port project',
  'vaccine drive',
  'tax reform',
  'space mission',
];
const PLACES = [
  'Beijing',
  'Shanghai',
  'Moscow',
  'Geneva',
  'Nairobi',
  'Jakarta',
  'Lima',
  'Hanoi',
  'Cairo',
  'Oslo',
];
const WORDS = (
  'the government said on monday that new measures would support growth across the region while ' +
  'analysts expected markets to react calmly after weeks of talks between delegations from both ' +
  'sides who met in the capital to settle questions of funding timing and oversight for projects'
).split(' ');
const ATTRIBUTIONS: ((source: string) => string)[] = [
  (s) => `${s} reported`,
  (s) => `according to ${s}`,
  (s) => `${s} said`,
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function sentence(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 14);
  const words = Array.from({ length: n }, () => pick(rand, WORDS));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function headlineOf(index: number): string {
  const rand = prng(index * 7919 + 1);
  return `${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} in ${pick(rand, PLACES)}, report ${index + 1}`;
}

export function slugOf(index: number): string {
  return slugify(headlineOf(index));
}

const EPOCH = Date.UTC(2024, 0, 1);

/** Article `index` of the corpus (0-based): 8-20 paragraphs, citations of 1-6 sources, 2-4 related links. */
export function corpusArticle(index: number): ParsedArticle {
  const rand = prng(index + 1);
  const headline = headlineOf(index);
  const sectionName = pick(rand, SECTIONS);
  const articleSources = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, SOURCES));
  const sources: ParsedSourceRef[] = [];
  const paragraphs: ParsedParagraph[] = [];
  const paragraphCount = 8 + Math.floor(rand() * 13);
  let words = 0;
  for (let position = 1; position <= paragraphCount; position++) {
    let text = sentence(rand);
    const citations: ParsedCitation[] = [];
    if (rand() < 0.6) {
      const name = pick(rand, articleSources);
      const phrase = pick(rand, ATTRIBUTIONS)(name);
      const start = text.length + 1;
      text = `${text} ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
      const ref = { name, slug: slugify(name) };
      citations.push({ source: ref, phrase: text.slice(start), start, end: text.length, rule: 'bench' });
      text = `${text} ${sentence(rand).toLowerCase()}`;
      if (!sources.some((s) => s.slug === ref.slug)) sources.push(ref);
    }
    for (let extra = Math.floor(rand() * 3); extra > 0; extra--) text = `${text} ${sentence(rand)}`;
    words += text.split(' ').length;
    paragraphs.push({ position, text, citations, line: position + 2 });
  }
  const relatedLinks = Array.from({ length: 2 + Math.floor(rand() * 3) }, (_, i) => {
    const target = Math.floor(rand() * Math.max(1, index));
    return { position: i + 1, title: headlineOf(target), url: `https://news.example/${slugOf(target)}` };
  });
  return {
    slug: slugOf(index),
    headline,
    section: { name: sectionName, slug: slugify(sectionName) },
    dateline: pick(rand, PLACES),
    // Every 37 minutes from 2024-01-01: all in the past, newest last.
    publishedAt: new Date(EPOCH + index * 37 * 60_000),
    paragraphs,
    sources,
    relatedLinks,
    wordCount: words,
  };
}

export interface CorpusReport {
  articles: number;
  seconds: number;
  articlesPerSecond: number;
}

/** Writes articles [0, count) through the import writer, `batch` articles per transaction. */
export async function writeCorpus(databaseUrl: string, count: number, batch = 500): Promise<CorpusReport> {
  await applyMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  const started = process.hrtime.bigint();
  try {
    for (let from = 0; from < count; from += batch) {
      const pages: ParsedPage[] = [];
      for (let i = from; i < Math.min(count, from + batch); i++) {
        pages.push({ file: `bench:${i}`, article: corpusArticle(i) });
      }
      await writePages(db, pages, { origin: 'import' });
    }
  } finally {
    await db.$disconnect();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { articles: count, seconds, articlesPerSecond: count / seconds };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      db: { type: 'string', default: 'file:./bench/.data/corpus.db' },
      batch: { type: 'string', default: '500' },
    },
  });
  const count = Number(values.articles);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--articles must be a positive integer, got ${values.articles}`);
  const report = await writeCorpus(values.db, count, Number(values.batch));
  console.log(
    `Wrote ${report.articles} articles in ${report.seconds.toFixed(1)} s (${report.articlesPerSecond.toFixed(0)} articles/s) to ${values.db}`,
  );
}
