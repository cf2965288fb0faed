import { CancelledError, WarehouseError, type ErrorKind } from '@baselinr/core';

/** SQLite result codes that clear up on their own when retried. */
const TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE', 'WORKER_CRASHED']);

export function classifySqliteError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  if (err instanceof CancelledError) return 'permanent';
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT.has(code) ? 'transient' : 'permanent';
}
