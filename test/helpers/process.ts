// Runs a command from the project root as a child process, to its end, for tests of the CLIs and npm scripts.
import { execFile } from 'node:child_process';
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
