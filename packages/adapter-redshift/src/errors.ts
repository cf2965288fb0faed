import { BaselinrError, WarehouseError, type ErrorKind, type Redactor } from '@baselinr/core';

/**
 * The service is saturated: the cluster's or workgroup's active statements, or the account's
 * request rate. Lowering the run's concurrency (what core does for `connection_limit`) helps both.
 */
const SATURATED = new Set([
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'ActiveWaitingRequestsExceededException',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** Failures of the service or the network, not of the statement: a second attempt usually works. */
const TRANSIENT = new Set([
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'DatabaseConnectionException',
  'ExecuteStatementException',
  'QueryTimeoutException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const TRANSIENT_SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What the SDK's errors carry: the service's error type as `name`, the HTTP status in `$metadata`. */
interface SdkError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly cause?: unknown;
}

/** The error's code: a Node socket code, else the service's error type (also inside a cause). */
function errorCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined;
  const e = err as SdkError;
  if (typeof e.code === 'string') return e.code;
  if (typeof e.name === 'string' && e.name !== 'Error' && e.name !== 'AggregateError') return e.name;
  return errorCode(e.cause, depth + 1);
}

/**
 * ThrottlingException and ActiveStatementsExceededException lower the run's concurrency; 5xx
 * and socket failures are retried; ValidationException, ResourceNotFoundException, access and
 * signature errors and SQL errors (a FAILED statement) fail the table at once.
 */
export function classifyRedshiftError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  // Ours: a cancellation (the run was interrupted) or a config problem; neither is retried.
  if (err instanceof BaselinrError) return 'permanent';
  const code = errorCode(err);
  if (code !== undefined && SATURATED.has(code)) return 'connection_limit';
  if (code !== undefined && (TRANSIENT.has(code) || TRANSIENT_SOCKET_CODES.has(code))) return 'transient';
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if ((typeof status === 'number' && status >= 500) || e.$fault === 'server') return 'transient';
  return 'permanent';
}

/**
 * Normalises an SDK failure into core's WarehouseError with the service's error type as its
 * code. Only the message's first paragraph is kept: a bad signature's message goes on to quote
 * the whole signed request, session token included. What is kept still passes through `redact`,
 * and the SDK error is not kept as the cause: its metadata and raw response are not ours to show.
 */
export function toWarehouseError(err: unknown, redact: Redactor): Error {
  if (err instanceof BaselinrError) return err;
  const code = errorCode(err);
  const e = (err ?? {}) as SdkError;
  const full = typeof e.message === 'string' && e.message.trim() !== '' ? e.message : String(err);
  const text = full.trim().split(/\n\s*\n/)[0]!;
  return new WarehouseError(classifyRedshiftError(err), redact(code ? `${text} [${code}]` : text), code);
}
