// Run as a child process: writes corpus article <index> with a new headline through its own connection,
// like the import CLI does from another process. Usage: tsx write-article-child.ts <db-url> <index> <headline>
import { corpusArticle } from '../../bench/corpus.js';
import { createDb } from '../../src/db.js';
import { writeArticle } from './pages.js';

const [url, index, headline] = process.argv.slice(2);
if (!url || !index || !headline) throw new Error('usage: write-article-child.ts <db-url> <index> <headline>');
const db = await createDb(url);
const result = await writeArticle(db, { ...corpusArticle(Number(index)), headline });
await db.$disconnect();
console.log(result.outcome);
