// `npm start` as a real process for tests: detached (it leads its own process group, as under a
// supervisor), on a free port, stopped with SIGTERM to the group; what it printed is kept.
import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './fixtures.js';

export interface RunningServer {
  npm: ChildProcess;
  /** e.g. http://localhost:41234 */
  url: string;
  output: () => string;
  /** SIGTERM to the whole group, then waits for npm to exit. */
  stop: () => Promise<void>;
}

export function startServer(env: Record<string, string>): Promise<RunningServer> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
  const stop = async () => {
    if (npm.exitCode === null && npm.pid) {
      try {
        process.kill(-npm.pid, 'SIGTERM');
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
      if (match?.[1]) resolve({ npm, url: match[1], output: () => output, stop });
    };
    npm.stdout?.on('data', onData);
    npm.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`npm start exited early:\n${output}`)));
  });
}
