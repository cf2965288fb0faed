import { errorMessage, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * SQLite's (extended) result codes by cause. BUSY and LOCKED mean another connection holds the
 * lock we need: a conflict with another transaction that clears when it ends, which the old
 * code retried as transient. serialization_conflict keeps that plain retry; resource_exhausted
 * would also lower the run's concurrency, which means nothing at SQLite's single worker.
 */
const CAUSES: ReadonlyArray<readonly [RegExp, ErrorCause]> = [
  [/^SQLITE_(BUSY|LOCKED)/, 'serialization_conflict'],
  // Our worker thread died; the next statement starts a fresh one, as a reconnect would.
  [/^WORKER_CRASHED$/, 'connection_lost'],
  [/^SQLITE_INTERRUPT$/, 'cancelled'],
  [/^SQLITE_NOMEM$/, 'resource_exhausted'],
  [/^SQLITE_(PERM|AUTH|READONLY)/, 'permission_denied'],
];

/**
 * The generic SQLITE_ERROR covers both a bad statement and a missing table: its message tells
 * which. better-sqlite3 refuses several statements in one string with no code at all.
 */
const MESSAGES: ReadonlyArray<readonly [RegExp, ErrorCause]> = [
  [/no such (table|column|function)/i, 'object_not_found'],
  [/syntax error|incomplete input|unrecognized token|more than one statement/i, 'syntax'],
];

export function sqliteErrorCause(code: string | undefined, message: string): ErrorCause {
  const match = (code !== undefined && CAUSES.find(([pattern]) => pattern.test(code))) || MESSAGES.find(([pattern]) => pattern.test(message));
  return match ? match[1] : 'unknown';
}

/** A SQLite failure (result code and message) as a WarehouseError. */
export function sqliteError(message: string, driverCode: string | undefined, cause?: unknown): WarehouseError {
  return new WarehouseError(sqliteErrorCause(driverCode, message), message, { driverCode, cause });
}

/** A thrown better-sqlite3 error as a WarehouseError, keeping its result code, message and itself as the cause. */
export function toWarehouseError(err: unknown): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  return sqliteError(errorMessage(err), typeof code === 'string' ? code : undefined, err);
}
