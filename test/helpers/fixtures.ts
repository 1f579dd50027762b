// The project's paths that tests run or read, and the facts of the seed page that several test files assert:
// one place to change when the seed page or a folder moves.
import { join } from 'node:path';

/** The project root (tests live one folder deeper than this file's parent: test/<kind>/). */
export const ROOT = join(import.meta.dirname, '..', '..');
/** tsx, to run a TypeScript entry point as a child process. */
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** More page shapes and bad pages for the parser and the import CLI. */
export const FIXTURE_PAGES = join(ROOT, 'test', 'fixtures', 'pages');

/** The one seed page (`npm run seed`, `setupSuite({ seed: true })`). */
export const SEED_PAGE = join(ROOT, 'seed', '000_4d0e73d82cc6d06b.txt');
export const SEED_HEADLINE = 'Xi-Putin sign, issue joint statement on deepening China-Russia ties';
export const SEED_SLUG = 'xi-putin-sign-issue-joint-statement-on-deepening-china-russia-ties';
/** Body paragraphs of the seed article, and the citations found in them. */
export const SEED_PARAGRAPHS = 14;
export const SEED_CITATIONS = 6;
/** The seed article's sources, in the order they are first cited. */
export const SEED_SOURCES: readonly string[] = ['Xinhua', 'CNN', "China's Foreign Ministry"];
