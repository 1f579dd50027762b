// Runs a command from the project root as a child process, to its end, for tests of the CLIs and npm scripts;
// and `npm start` (src/server.ts) until it serves.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, TSX } from './fixtures.js';

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

/** Starts the server on a free port of 127.0.0.1 and resolves once it logs its URL. */
export function startServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, ['src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/on (http:\/\/localhost:\d+)\/graphql/);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited early (${code}):\n${output}`)));
  });
}
