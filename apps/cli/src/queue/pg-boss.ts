import type PgBoss from 'pg-boss';
import { AdapterResolutionError, isModuleNotFound } from '@baselinr/core';

/** The pg-boss major queue mode is written for (an optional peer dependency of the CLI). */
const PG_BOSS_RANGE = '^10';

/**
 * Loads pg-boss when a queue command runs: only queue mode needs it, so it is an optional peer
 * dependency that users of queue mode install beside the CLI.
 */
export async function loadPgBoss(): Promise<typeof PgBoss> {
  try {
    return (await import('pg-boss')).default;
  } catch (err) {
    if (!isModuleNotFound(err, 'pg-boss')) throw err;
    throw new AdapterResolutionError(
      `queue mode (profile --enqueue, worker) needs the pg-boss package, which is not installed; install it with \`npm install pg-boss@${PG_BOSS_RANGE}\``,
      { cause: err },
    );
  }
}
