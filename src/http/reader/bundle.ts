// The reader's browser script (browser.ts and what it imports), bundled by esbuild. `npm start` bundles it
// once at build time into build/ (scripts/build.mjs), so the server never runs esbuild; under tsx (`npm run
// dev`, tests) there is no prebuilt file and it is bundled on first use.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the build step leaves the bundle, beside this module. */
export const PREBUILT_SCRIPT = fileURLToPath(new URL('./reader.bundle.js', import.meta.url));

/** The minified script: the prebuilt file when there is one, else a fresh esbuild bundle. */
export async function bundleReaderScript(options: { prebuilt?: boolean } = {}): Promise<string> {
  if (options.prebuilt !== false && existsSync(PREBUILT_SCRIPT)) return readFileSync(PREBUILT_SCRIPT, 'utf8');
  const self = fileURLToPath(import.meta.url);
  const result = await build({
    // browser.ts beside src/ modules, browser.js beside their built copies
    entryPoints: [self.replace(/bundle\.(ts|js)$/, 'browser.$1')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
