import { BaselinrError, SOCKET_ERROR_CAUSES, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * SQLSTATEs whose cause is more specific than their class. A 57014 (query_canceled) that reaches
 * us was never our own cancel, which becomes a CancelledError (see statement-runner.ts): it is
 * statement_timeout, or someone else's pg_cancel_backend (see `canceledCause`).
 */
const SQLSTATE_CAUSES: Readonly<Record<string, ErrorCause>> = {
  '40001': 'serialization_conflict', // serialization_failure
  '40P01': 'serialization_conflict', // deadlock_detected: a second attempt usually succeeds
  '53300': 'too_many_connections', // max_connections, or a role's or database's CONNECTION LIMIT
  '53400': 'too_many_connections', // configuration_limit_exceeded
  '57P01': 'connection_lost', // admin_shutdown (pg_terminate_backend, a restart)
  '57P02': 'connection_lost', // crash_shutdown
  '57P03': 'connection_refused', // cannot_connect_now: the server is still starting up
  '08001': 'connection_refused', // sqlclient_unable_to_establish_sqlconnection
  '08004': 'connection_refused', // sqlserver_rejected_establishment_of_sqlconnection
  '3D000': 'object_not_found', // invalid_catalog_name: the database does not exist
  '3F000': 'object_not_found', // invalid_schema_name
  '42P01': 'object_not_found', // undefined_table
  '42703': 'object_not_found', // undefined_column
  '42704': 'object_not_found', // undefined_object
  '42883': 'object_not_found', // undefined_function
  '42501': 'permission_denied', // insufficient_privilege
  '55P03': 'timeout', // lock_not_available: lock_timeout expired
};

/** SQLSTATE classes (first two characters) for codes not listed above. */
const CLASS_CAUSES: Readonly<Record<string, ErrorCause>> = {
  '08': 'connection_lost', // connection exceptions: the connection failed, not the statement
  '28': 'authentication_failed', // invalid_authorization_specification, invalid_password
  '42': 'syntax', // syntax_error_or_access_rule_violation
  '53': 'resource_exhausted', // insufficient_resources: disk_full, out_of_memory
  XX: 'internal', // internal_error
};

/** pg and pg-pool report lost or timed-out connections with messages and no code. */
const MESSAGE_CAUSES: ReadonlyArray<readonly [RegExp, ErrorCause]> = [
  [/Connection terminated|not queryable/i, 'connection_lost'],
  [/timeout exceeded when trying to connect|Query read timeout/i, 'timeout'],
  [/Connection refused/i, 'connection_refused'],
];

const SQLSTATE = /^[0-9A-Z]{5}$/;

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly hint?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
}

/** The driver's code: a SQLSTATE from the server, or a Node error code (also inside AggregateError and causes). */
export function driverCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined;
  const e = err as DriverError;
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = driverCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return driverCode(e.cause, depth + 1);
}

function messageOf(err: unknown): string {
  const message = (err as DriverError | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

/** statement_timeout says so in its message; any other 57014 is someone's pg_cancel_backend. */
function canceledCause(err: unknown): ErrorCause {
  return /statement timeout/i.test(messageOf(err)) ? 'timeout' : 'cancelled';
}

/** What happened, from a pg or Node error: the most specific cause its SQLSTATE, code or message tells. */
export function postgresErrorCause(err: unknown): ErrorCause {
  if (err instanceof WarehouseError) return err.kind;
  const code = driverCode(err);
  if (code === '57014') return canceledCause(err);
  if (code !== undefined) {
    const known = SQLSTATE_CAUSES[code] ?? SOCKET_ERROR_CAUSES[code];
    if (known) return known;
    if (SQLSTATE.test(code)) return CLASS_CAUSES[code.slice(0, 2)] ?? 'unknown';
    return 'unknown';
  }
  const message = messageOf(err);
  return MESSAGE_CAUSES.find(([pattern]) => pattern.test(message))?.[1] ?? 'unknown';
}

/** Normalises any failure of the driver into core's WarehouseError, keeping the driver's code and message. */
export function toWarehouseError(err: unknown): Error {
  // Already ours (WarehouseError, CancelledError, ConfigError): keep its meaning.
  if (err instanceof BaselinrError) return err;
  const code = driverCode(err);
  const e = err as DriverError | undefined;
  const base = messageOf(err) !== '' ? messageOf(err) : String(err);
  const hint = typeof e?.hint === 'string' ? `; hint: ${e.hint}` : '';
  const suffix = code ? ` [${SQLSTATE.test(code) ? `SQLSTATE ${code}` : code}]` : '';
  return new WarehouseError(postgresErrorCause(err), `${base}${hint}${suffix}`, { driverCode: code, cause: err });
}

/**
 * Whether a failed connection may go back to the pool. SQL errors leave the session usable;
 * socket errors and server-side terminations do not.
 */
export function connectionIsBroken(err: unknown): boolean {
  const code = driverCode(err);
  if (code === undefined) return true;
  return !SQLSTATE.test(code) || code.startsWith('08') || code.startsWith('57P');
}
