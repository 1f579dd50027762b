// Debian's Chromium for the browser tests (driven by playwright-core, which never downloads a browser), and
// the app on a real HTTP port for it to load.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { ROOT } from './fixtures.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the browser tests. */
export const RESULTS = join(ROOT, 'test-results');

/** Starts headless Chromium from a fresh, empty, temporary profile, or says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (Debian; .ci/run does this).`,
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves the app on a free local port; `close` also ends open connections (event streams included). */
export async function serveApp(app: App): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
