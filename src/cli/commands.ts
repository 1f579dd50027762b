// What the subcommand CLIs (token, webhook) share: `npm run x:verb -- args` dispatch, the exit codes
// (0 done, 1 refused, 2 usage error, 3 the database failed) and one-line error messages.
import { databaseErrorMessage } from '../db.js';

/** Wrong arguments: exit 2 with the message and the usage. */
export class UsageError extends Error {}

/**
 * Runs `run(command, argv)` on this process's arguments and returns its exit code. `known` turns the
 * command's own errors into a message and an exit code (1 for a refusal, 2 for bad input); any other
 * error is the database's (exit 3), said in one line.
 */
export async function runSubcommand(
  usage: string,
  run: (command: string | undefined, argv: string[]) => Promise<number>,
  known: (error: unknown) => { message: string; code: 1 | 2 } | undefined = () => undefined,
): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  try {
    return await run(command, argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
      return 2;
    }
    const refusal = known(error);
    if (refusal) {
      process.stderr.write(refusal.code === 2 ? `${refusal.message}\n\n${usage}\n` : `${refusal.message}\n`);
      return refusal.code;
    }
    process.stderr.write(`database error: ${databaseErrorMessage(error)}\n`);
    return 3;
  }
}
