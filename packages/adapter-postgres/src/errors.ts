import { BaselinrError, CancelledError, WarehouseError, type ErrorKind } from '@baselinr/core';

/**
 * SQLSTATEs worth retrying: serialization failures and deadlocks (a second attempt usually
 * succeeds), and an administrator or crash shutting the backend down, or the server still
 * starting up. 57014 (query_canceled) is here because a statement we cancel ourselves never
 * surfaces as a driver error: it becomes a CancelledError (see statement-runner.ts), so a
 * 57014 that reaches us came from statement_timeout or someone else's pg_cancel_backend.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '57014']);

/** too_many_connections (max_connections or a role/database CONNECTION LIMIT) and configuration_limit_exceeded. */
const CONNECTION_LIMIT_SQLSTATES = new Set(['53300', '53400']);

/** Socket-level failures from Node: the network or the server went away, not the statement. */
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** pg and pg-pool report lost or timed-out connections with messages and no code. */
const TRANSIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection refused/i;

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

export function classifyPostgresError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  // Our own cancellation (the run was interrupted) must not be retried.
  if (err instanceof CancelledError) return 'permanent';
  const code = driverCode(err);
  if (code !== undefined) {
    if (CONNECTION_LIMIT_SQLSTATES.has(code)) return 'connection_limit';
    // Class 08: connection exceptions (the connection failed or was lost, not the statement).
    if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return 'transient';
    return 'permanent';
  }
  const message = (err as DriverError | undefined)?.message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message) ? 'transient' : 'permanent';
}

/** Normalises any failure of the driver into core's WarehouseError, keeping the driver's code. */
export function toWarehouseError(err: unknown): Error {
  // Already ours (WarehouseError, CancelledError, ConfigError): keep its meaning.
  if (err instanceof BaselinrError) return err;
  const code = driverCode(err);
  const e = err as DriverError | undefined;
  const base = typeof e?.message === 'string' && e.message !== '' ? e.message : String(err);
  const hint = typeof e?.hint === 'string' ? `; hint: ${e.hint}` : '';
  const suffix = code ? ` [${/^[0-9A-Z]{5}$/.test(code) ? `SQLSTATE ${code}` : code}]` : '';
  return new WarehouseError(classifyPostgresError(err), `${base}${hint}${suffix}`, code, { cause: err });
}

/**
 * Whether a failed connection may go back to the pool. SQL errors leave the session usable;
 * socket errors and server-side terminations do not.
 */
export function connectionIsBroken(err: unknown): boolean {
  const code = driverCode(err);
  if (code === undefined) return true;
  return !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P');
}
