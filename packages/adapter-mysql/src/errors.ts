import { CancelledError, SOCKET_ERROR_CAUSES, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * Server and client error numbers, by what happened. A statement we cancelled ourselves is
 * surfaced as CancelledError (see cancellable.ts), so a 1317 that reaches us was someone else's
 * KILL QUERY.
 */
const ERRNO_CAUSES: ReadonlyMap<number, ErrorCause> = new Map([
  [1040, 'too_many_connections'], // ER_CON_COUNT_ERROR: max_connections reached
  [1203, 'too_many_connections'], // ER_TOO_MANY_USER_CONNECTIONS: max_user_connections reached
  [1226, 'too_many_connections'], // ER_USER_LIMIT_REACHED: a per-user resource limit (connections, per-hour limits)
  [1053, 'connection_lost'], // ER_SERVER_SHUTDOWN: the server is restarting
  [1927, 'connection_lost'], // ER_CONNECTION_KILLED (MariaDB)
  [2006, 'connection_lost'], // CR_SERVER_GONE_ERROR
  [2013, 'connection_lost'], // CR_SERVER_LOST
  [2002, 'connection_refused'], // CR_CONNECTION_ERROR
  [2003, 'connection_refused'], // CR_CONN_HOST_ERROR
  [1205, 'timeout'], // ER_LOCK_WAIT_TIMEOUT
  [3024, 'timeout'], // ER_QUERY_TIMEOUT: MySQL's max_execution_time
  [1969, 'timeout'], // ER_STATEMENT_TIMEOUT: MariaDB's max_statement_time
  [1213, 'serialization_conflict'], // ER_LOCK_DEADLOCK: a second attempt usually succeeds
  [1317, 'cancelled'], // ER_QUERY_INTERRUPTED
  [1045, 'authentication_failed'], // ER_ACCESS_DENIED_ERROR: wrong user or password
  [1044, 'permission_denied'], // ER_DBACCESS_DENIED_ERROR
  [1142, 'permission_denied'], // ER_TABLEACCESS_DENIED_ERROR
  [1143, 'permission_denied'], // ER_COLUMNACCESS_DENIED_ERROR
  [1227, 'permission_denied'], // ER_SPECIFIC_ACCESS_DENIED_ERROR
  [1049, 'object_not_found'], // ER_BAD_DB_ERROR
  [1146, 'object_not_found'], // ER_NO_SUCH_TABLE
  [1054, 'object_not_found'], // ER_BAD_FIELD_ERROR
  [1305, 'object_not_found'], // ER_SP_DOES_NOT_EXIST (a function)
  [1064, 'syntax'], // ER_PARSE_ERROR
  [1021, 'resource_exhausted'], // ER_DISK_FULL
  [1037, 'resource_exhausted'], // ER_OUTOFMEMORY
  [1041, 'resource_exhausted'], // ER_OUT_OF_RESOURCES
  [1135, 'resource_exhausted'], // ER_CANT_CREATE_THREAD
]);

/** Node and mysql2 codes for a broken or unreachable connection (errno is then negative or absent). */
const CODE_CAUSES: Readonly<Record<string, ErrorCause>> = {
  ...SOCKET_ERROR_CAUSES,
  PROTOCOL_CONNECTION_LOST: 'connection_lost',
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout',
};

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
 * What happened, from any error a session can see: mysql2's server errors (errno) and Node's
 * socket errors (code). Our own WarehouseError keeps its cause.
 */
export function mysqlErrorCause(err: unknown): ErrorCause {
  if (err instanceof WarehouseError) return err.kind;
  const { code, errno, errors } = fields(err);
  const byNumber = typeof errno === 'number' ? ERRNO_CAUSES.get(errno) : undefined;
  if (byNumber) return byNumber;
  if (typeof code === 'string' && CODE_CAUSES[code]) return CODE_CAUSES[code];
  // Node's happy-eyeballs connect reports an AggregateError of one error per address tried.
  if (Array.isArray(errors)) return errors.map(mysqlErrorCause).find((cause) => cause !== 'unknown') ?? 'unknown';
  return 'unknown';
}

/** The driver's own code for logs: `ER_NO_SUCH_TABLE (1146)`, `ECONNREFUSED`. */
export function driverCode(err: unknown): string | undefined {
  const { code, errno } = fields(err);
  const name = typeof code === 'string' ? code : undefined;
  const number = typeof errno === 'number' && errno > 0 ? errno : undefined;
  if (name && number !== undefined) return `${name} (${number})`;
  return name ?? (number !== undefined ? String(number) : undefined);
}

/** Normalises a driver failure to core's WarehouseError, keeping the driver's code and message and the original as cause. */
export function toWarehouseError(err: unknown, context?: string): Error {
  if (err instanceof WarehouseError || err instanceof CancelledError) return err;
  const { message: raw, code } = fields(err);
  // AggregateErrors from a failed connect have an empty message; the code says what happened.
  const message = typeof raw === 'string' && raw !== '' ? raw : typeof code === 'string' ? code : String(err);
  return new WarehouseError(mysqlErrorCause(err), context ? `${context}: ${message}` : message, { driverCode: driverCode(err), cause: err });
}
