// A deterministic news corpus for the benchmark: article i is always the same article, on any machine.
// `tsx bench/corpus.ts --articles N --db file:...` writes it through the project's own writer.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { createDb } from '../src/db.js';
import { writePages } from '../src/editorial/import.js';
import { deriveArticle } from '../src/ingest/derive.js';
import type { ParsedPage } from '../src/ingest/files.js';
import { slugify } from '../src/ingest/slug.js';
import type { ArticleContent } from '../src/ingest/types.js';
import { applyMigrations } from '../src/migrate.js';

/** Numbers in [0, 1) from a seed: the same sequence on every machine. */
function prng(seed: number): () => number {
  // Mersenne Twister: its seeding spreads nearby seeds (xoroshiro's first draws for seeds 1, 2, 3... coincide).
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
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

/**
 * Article `index` of the corpus (0-based): 8-20 paragraphs, 60% of them attributed to one of 1-6 sources
 * (`X reported`, `according to X`, `X said`), 2-4 related links to earlier articles.
 */
export function corpusArticle(index: number): ArticleContent {
  const rand = prng(index + 1);
  const headline = headlineOf(index);
  const section = pick(rand, SECTIONS);
  const articleSources = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, SOURCES));
  const paragraphs: string[] = [];
  const paragraphCount = 8 + Math.floor(rand() * 13);
  for (let position = 1; position <= paragraphCount; position++) {
    let text = sentence(rand);
    if (rand() < 0.6) {
      const phrase = pick(rand, ATTRIBUTIONS)(pick(rand, articleSources));
      text = `${text} ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)} ${sentence(rand).toLowerCase()}`;
    }
    for (let extra = Math.floor(rand() * 3); extra > 0; extra--) text = `${text} ${sentence(rand)}`;
    paragraphs.push(text);
  }
  const relatedLinks = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => {
    const target = Math.floor(rand() * Math.max(1, index));
    return { title: headlineOf(target), url: `https://news.example/${slugOf(target)}` };
  });
  return {
    slug: slugOf(index),
    headline,
    section,
    dateline: pick(rand, PLACES),
    // Every 37 minutes from 2024-01-01: all in the past, newest last.
    publishedAt: new Date(EPOCH + index * 37 * 60_000),
    paragraphs,
    relatedLinks,
  };
}

/** Article `index` as a page in the seed/ format (docs/page-format.md), for the import benchmark. */
export function corpusPage(index: number): string {
  const a = corpusArticle(index);
  const [first = '', ...rest] = a.paragraphs;
  return [
    a.publishedAt.toISOString(),
    a.section,
    a.headline,
    `${a.dateline}: ${first}`,
    ...rest,
    'Share on',
    'Related News',
    ...a.relatedLinks.map((l) => `${l.title} ${l.url}`),
    '',
  ].join('\n');
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
        pages.push({ file: `bench:${i}`, article: deriveArticle(corpusArticle(i)) });
      }
      await writePages(db, pages);
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
