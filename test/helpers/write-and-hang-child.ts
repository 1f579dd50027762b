// Run as a child process: imports article pages through the write path (as the import CLI does), prints
// `committed`, then hangs like a server that has committed a change and not yet delivered its webhooks,
// until the test kills it. Usage: tsx write-and-hang-child.ts <db-url> <page file>...
import { createDb } from '../../src/db.js';
import { importPages } from '../../src/editorial/import.js';

const [url, ...files] = process.argv.slice(2);
if (!url || files.length === 0) throw new Error('usage: write-and-hang-child.ts <db-url> <page file>...');
const db = await createDb(url);
const written = await importPages(db, files);
process.stdout.write(`committed ${written.map((w) => w.slug).join(' ')}\n`);
setInterval(() => {}, 60_000);
