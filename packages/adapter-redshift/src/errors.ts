import { BaselinrError, SOCKET_ERROR_CAUSES, WarehouseError, type ErrorCause, type Redactor } from '@baselinr/core';

/**
 * The Data API's exceptions (the SDK error's `name`) and Node's socket codes mapped to causes.
 * The cluster's or workgroup's active-statement quota is a concurrent-query quota, like the
 * account's request rate: lowering the run's concurrency helps both.
 */
const CAUSE_BY_CODE: Readonly<Record<string, ErrorCause>> = {
  ActiveStatementsExceededException: 'rate_limited',
  ActiveWaitingRequestsExceededException: 'rate_limited',
  ThrottlingException: 'rate_limited',
  ThrottledException: 'rate_limited',
  TooManyRequestsException: 'rate_limited',
  RequestLimitExceeded: 'rate_limited',
  ActiveSessionsExceededException: 'too_many_connections',
  InternalServerException: 'internal',
  ServiceUnavailable: 'internal',
  ServiceUnavailableException: 'internal',
  // The statement met an environmental error on the cluster, not an error of its SQL.
  ExecuteStatementException: 'internal',
  DatabaseConnectionException: 'connection_refused',
  QueryTimeoutException: 'timeout',
  RequestTimeout: 'timeout',
  RequestTimeoutException: 'timeout',
  TimeoutError: 'timeout',
  ResourceNotFoundException: 'object_not_found',
  AccessDeniedException: 'permission_denied',
  InvalidSignatureException: 'authentication_failed',
  IncompleteSignatureException: 'authentication_failed',
  UnrecognizedClientException: 'authentication_failed',
  MissingAuthenticationTokenException: 'authentication_failed',
  ExpiredTokenException: 'authentication_failed',
  InvalidClientTokenId: 'authentication_failed',
  CredentialsProviderError: 'authentication_failed',
  ...SOCKET_ERROR_CAUSES,
};

const VALIDATION = 'ValidationException';
/** A ValidationException about something missing (an unknown cluster or workgroup) rather than a malformed request. */
const MISSING = /does ?n[o']t exist|not found/i;

/**
 * A FAILED statement carries only Redshift's message (no SQLSTATE): the database's own wording
 * says what happened. Several of them are not the statement's fault and pass on their own: a
 * WLM rule or queue that aborted it under load, a serializable isolation violation (error 1023)
 * with a concurrent writer, a failover or restart that dropped its connection. Anything else
 * failed in the database for a reason we cannot place.
 */
const FAILED_STATEMENT_CAUSES: ReadonlyArray<readonly [RegExp, ErrorCause]> = [
  [/permission denied/i, 'permission_denied'],
  [/does not exist/i, 'object_not_found'],
  [/syntax error|cannot insert multiple commands/i, 'syntax'],
  [/statement timeout/i, 'timeout'],
  [/serializable isolation violation|\b1023\b.*DETAIL|deadlock detected/is, 'serialization_conflict'],
  [/\bWLM\b.*\b(abort|cancel)|(abort|cancel)\w*\b.*\bWLM\b/i, 'resource_exhausted'],
  [
    /failover|server closed the connection unexpectedly|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|could not connect to server|connection reset/i,
    'connection_lost',
  ],
  [/out of memory|disk full/i, 'resource_exhausted'],
];

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

function messageOf(err: unknown): string {
  const message = (err as SdkError | undefined)?.message;
  return typeof message === 'string' && message.trim() !== '' ? message : String(err);
}

/** What happened, from an SDK error: its exception or socket code, else a 5xx or server fault is the service's own. */
export function redshiftErrorCause(err: unknown): ErrorCause {
  const code = errorCode(err);
  if (code === VALIDATION) return MISSING.test(messageOf(err)) ? 'object_not_found' : 'syntax';
  const known = code === undefined ? undefined : CAUSE_BY_CODE[code];
  if (known) return known;
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  return (typeof status === 'number' && status >= 500) || e.$fault === 'server' ? 'internal' : 'unknown';
}

/** What happened to a statement the Data API reports FAILED, from Redshift's error message. */
export function failedStatementCause(message: string): ErrorCause {
  return FAILED_STATEMENT_CAUSES.find(([pattern]) => pattern.test(message))?.[1] ?? 'unknown';
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
  const text = messageOf(err)
    .trim()
    .split(/\n\s*\n/)[0]!;
  return new WarehouseError(redshiftErrorCause(err), redact(code ? `${text} [${code}]` : text), { driverCode: code });
}
