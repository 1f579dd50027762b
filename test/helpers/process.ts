// Runs a command from the project root as a child process, to its end, for tests of the CLIs and npm scripts;
// and `npm start` (src/server.ts) until it serves.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './fixtures.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The exit code (-1 when it has none, e.g. killed by a signal) and the output; a failure does not throw. */
export async function runCommand(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export interface RunningServer {
  /** `npm start`'s process; it leads its own process group, as under a supervisor. */
  child: ChildProcess;
  /** e.g. http://localhost:41234 */
  url: string;
  output: () => string;
  /** SIGTERM to the whole group, then waits for npm to exit. */
  stop: () => Promise<void>;
}

/**
 * `npm start` on a free port of 127.0.0.1 with `databaseUrl` (and any other settings in `env`), resolved
 * once it logs its URL.
 */
export function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      ...env,
    },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/on (http:\/\/localhost:\d+)\/graphql/);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`npm start exited early:\n${output}`)));
  });
}
