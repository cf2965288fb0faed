import { CancelledError, WarehouseError, type ErrorKind } from '@baselinr/core';

/** Server error numbers meaning "too many connections": core lowers concurrency instead of failing. */
const CONNECTION_LIMIT_ERRNO = new Set([
  1040, // ER_CON_COUNT_ERROR: max_connections reached
  1203, // ER_TOO_MANY_USER_CONNECTIONS: max_user_connections reached
  1226, // ER_USER_LIMIT_REACHED: a per-user resource limit (max_user_connections, per-hour limits)
]);

/** Server and client error numbers that clear up when the statement is run again. */
const TRANSIENT_ERRNO = new Set([
  1053, // ER_SERVER_SHUTDOWN: the server is restarting
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
]);

/** Node and mysql2 codes for a broken or unreachable connection (errno is then negative or absent). */
const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
]);

interface DriverErrorFields {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
}

function fields(err: unknown): DriverErrorFields {
  return err !== null && typeof err === 'object' ? (err as DriverErrorFields) : {};
}

/**
 * Classifies any error a session can see: our own WarehouseError and CancelledError, mysql2's
 * server errors (errno), and Node's socket errors (code). A statement we cancelled ourselves is
 * surfaced as CancelledError, so the 1317 (query interrupted) it causes is never retried.
 */
export function classifyMysqlError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  if (err instanceof CancelledError) return 'permanent';
  const { code, errno, errors } = fields(err);
  if (typeof errno === 'number' && CONNECTION_LIMIT_ERRNO.has(errno)) return 'connection_limit';
  if (typeof errno === 'number' && TRANSIENT_ERRNO.has(errno)) return 'transient';
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient';
  // Node's happy-eyeballs connect reports an AggregateError of one error per address tried.
  if (Array.isArray(errors) && errors.length > 0) {
    const kinds = errors.map(classifyMysqlError);
    if (kinds.every((k) => k !== 'permanent')) return kinds.includes('connection_limit') ? 'connection_limit' : 'transient';
  }
  return 'permanent';
}

/** The driver's own code for logs: `ER_NO_SUCH_TABLE (1146)`, `ECONNREFUSED`. */
export function driverCode(err: unknown): string | undefined {
  const { code, errno } = fields(err);
  const name = typeof code === 'string' ? code : undefined;
  const number = typeof errno === 'number' && errno > 0 ? errno : undefined;
  if (name && number !== undefined) return `${name} (${number})`;
  return name ?? (number !== undefined ? String(number) : undefined);
}

/** Normalises a driver failure to core's WarehouseError, keeping the driver's code and the original as cause. */
export function toWarehouseError(err: unknown, context?: string): Error {
  if (err instanceof WarehouseError || err instanceof CancelledError) return err;
  const { message: raw, code } = fields(err);
  // AggregateErrors from a failed connect have an empty message; the code says what happened.
  const message = typeof raw === 'string' && raw !== '' ? raw : typeof code === 'string' ? code : String(err);
  return new WarehouseError(classifyMysqlError(err), context ? `${context}: ${message}` : message, driverCode(err), { cause: err });
}
