// `npm start`'s first step: transpiles src/ to build/ (one JavaScript file per TypeScript file, the same
// folders, types stripped; no bundling), copies every other file (JSON, CSS) and bundles the reader's
// browser script, so the server runs as plain JavaScript in Node and never runs a compiler: tsx's loader
// costs about 60 MB of resident memory in the server (the loader, its esbuild service, source maps) for no
// work after start-up.
//
// build/ sits beside src/ at the same depth, so paths the code resolves from its own URL (`../../seed/`,
// the project root) name the same files from either. Plain JavaScript, so it runs before anything is
// compiled. A build takes about a third of a second; it is skipped when build/ was made from the same
// sources (a hash of every file under src/, this script and esbuild's version). Several `npm start`s from
// one folder at once are safe: one builds (under a lock folder) into a folder of its own and swaps it in
// with renames, the others wait for it.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'build');
const lock = join(root, 'build.lock');
const STAMP = '.source-hash';
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 60_000;

/** Every file under `dir`, as paths, in a stable order. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? files(path) : [path];
    });
}

function sourceHash(all) {
  const hash = createHash('sha256')
    .update(version)
    .update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of all) hash.update(relative(src, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

function builtHash() {
  try {
    return readFileSync(join(out, STAMP), 'utf8');
  } catch {
    return undefined;
  }
}

function takeLock() {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
}

async function buildInto(dir, all) {
  const sources = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await build({
    entryPoints: sources,
    outdir: dir,
    outbase: src,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node 20.20 reads `import … with { type: 'json' }`; esbuild must keep the attribute as written.
    supported: { 'import-attributes': true },
    logLevel: 'warning',
  });
  for (const file of all.filter((f) => !f.endsWith('.ts'))) {
    const target = join(dir, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  // The reader's browser script, bundled now so the server never runs esbuild (src/http/reader/bundle.ts).
  const bundler = await import(join(dir, 'http', 'reader', 'bundle.js'));
  writeFileSync(bundler.PREBUILT_SCRIPT, await bundler.bundleReaderScript({ prebuilt: false }));
}

const all = files(src);
const hash = sourceHash(all);
const started = Date.now();
while (builtHash() !== hash) {
  if (!takeLock()) {
    if (Date.now() - started > 2 * STALE_LOCK_MS)
      throw new Error(`build.lock is held for too long: remove ${lock}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    continue;
  }
  try {
    if (builtHash() === hash) break;
    const next = `${out}.next-${process.pid}`;
    const old = `${out}.old-${process.pid}`;
    rmSync(next, { recursive: true, force: true });
    await buildInto(next, all);
    writeFileSync(join(next, STAMP), hash);
    try {
      renameSync(out, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
