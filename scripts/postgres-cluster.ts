// A throwaway PostgreSQL cluster for the tests and the bench: initdb in a temp folder, started on a free
// port, gone after.
// Debian's server binaries (package `postgresql`) are required; without them this fails saying how to
// install them, as the browser tests do for Chromium. initdb refuses to run as root, so as root the
// cluster runs as `nobody` (runuser), which is what CI is.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL =
  'apt-get install -y postgresql postgresql-contrib (Debian; `.ci/run` does it), or set PG_BIN to the folder holding initdb and pg_ctl';

export interface Cluster {
  /** A superuser URL to the cluster's `postgres` database (user `app`, trust auth, 127.0.0.1 only). */
  url: string;
  stop: () => void;
}

/** The folder with initdb and pg_ctl: PG_BIN, else the newest Debian /usr/lib/postgresql/<version>/bin. */
export function postgresBinaries(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  const bin = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!bin) {
    throw new Error(
      `PostgreSQL server binaries (initdb, pg_ctl) not found, so the PostgreSQL tests cannot run. Install them: ${INSTALL}.`,
    );
  }
  const shareDir = execFileSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  if (!existsSync(join(shareDir, 'extension', 'unaccent.control'))) {
    throw new Error(
      `PostgreSQL's unaccent extension is missing (${shareDir}/extension), search needs it: ${INSTALL}.`,
    );
  }
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface ClusterOptions {
  /**
   * Keep PostgreSQL's durability defaults (fsync, synchronous commit): the bench measures what a deployment
   * would see. Off by default: tests need no durability, and without fsync commits are cheap.
   */
  durable?: boolean;
}

export async function startCluster({ durable = false }: ClusterOptions = {}): Promise<Cluster> {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  // As root, under /tmp: `nobody` must be able to reach the folder, which a private TMPDIR may not allow.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'newsroom-pg-'));
  if (asRoot) chownSync(dir, 65534, 65534); // nobody
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, tool),
      asRoot ? ['-u', 'nobody', '--', join(bin, tool), ...args] : args,
      {
        stdio: 'pipe',
        encoding: 'utf8',
      },
    );
  const data = join(dir, 'data');
  // C.UTF-8: UTF-8 text and a locale in which PostgreSQL's text-search parser knows non-ASCII letters.
  run('initdb', [
    '-D',
    data,
    '-U',
    'app',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const port = await freePort();
  // Durability is not needed for a test cluster: no fsync makes CREATE DATABASE and commits cheap.
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast}`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgresql://app@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
