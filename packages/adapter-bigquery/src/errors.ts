import { BaselinrError, SOCKET_ERROR_CAUSES, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * BigQuery's error reasons (ErrorProto.reason) mapped to causes. Quota reasons depend on the
 * quota: one on concurrent or queued queries means the project is saturated for now (the run
 * lowers its concurrency and retries); any other (bytes scanned per day, ...) does not refill
 * within a run, and retrying cannot help.
 */
const CAUSE_BY_REASON: Readonly<Record<string, ErrorCause>> = {
  rateLimitExceeded: 'rate_limited',
  userRateLimitExceeded: 'rate_limited',
  jobRateLimitExceeded: 'rate_limited',
  backendError: 'internal',
  internalError: 'internal',
  badGateway: 'internal',
  // A job's own failure on BigQuery's side (errorResult of a job that ran), retried by Google's clients.
  jobBackendError: 'internal',
  jobInternalError: 'internal',
  notFound: 'object_not_found',
  accessDenied: 'permission_denied',
  // The job would bill more than maximum_bytes_billed allows: refused by the user's own limit.
  bytesBilledLimitExceeded: 'permission_denied',
  invalidQuery: 'syntax',
  invalid: 'syntax',
  // The statement asks too much of one query (too complex to plan, too much memory): it cannot
  // run as written, however often or however few at once.
  resourcesExceeded: 'syntax',
  // The job was cancelled, not by us (that is a CancelledError).
  stopped: 'cancelled',
  timeout: 'timeout',
};
const QUOTA_REASON = 'quotaExceeded';
const SATURATION = /concurrent|queued/i;
/** BigQuery's own words for a failure worth another try, whatever its reason (often a 400 invalidQuery). */
const RETRY_ADVISED = /retrying (the job |the query )?may solve the problem/i;
/**
 * A 404 for the job itself (`Not found: Job p:US.job_x`): a job just created may not be visible
 * yet to the next request, and Google's clients start the query again; a missing table or
 * dataset has other words and stays permanent.
 */
const JOB_NOT_FOUND = /^Not found: Job\b/i;

/** Causes of statuses when the body names no reason (a proxy's 502, the front end's 429). */
const CAUSE_BY_STATUS: Readonly<Record<number, ErrorCause>> = {
  401: 'authentication_failed',
  403: 'permission_denied',
  404: 'object_not_found',
  408: 'timeout',
  429: 'rate_limited',
  500: 'internal',
  502: 'internal',
  503: 'internal',
  504: 'internal',
};

interface ErrorShape {
  readonly code?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
  readonly response?: { readonly status?: unknown };
}

interface Described {
  readonly cause: ErrorCause;
  /** ErrorProto.reason, `HTTP <status>` or Node's code. */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly message: string;
}

function reasonsOf(err: ErrorShape): string[] {
  if (!Array.isArray(err.errors)) return [];
  return err.errors.map((e: { reason?: unknown }) => e?.reason).filter((r): r is string => typeof r === 'string');
}

function httpStatus(err: ErrorShape): number | undefined {
  for (const candidate of [err.code, err.status, err.response?.status]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

/** OAuth token exchanges, missing default credentials and refused tokens. */
const AUTH_FAILURE = /invalid_grant|invalid_client|unauthorized_client|Could not load the default credentials/i;

function reasonCause(reason: string, message: string): ErrorCause {
  if (reason === QUOTA_REASON) return SATURATION.test(message) ? 'resource_exhausted' : 'permission_denied';
  if (RETRY_ADVISED.test(message) || (reason === 'notFound' && JOB_NOT_FOUND.test(message))) return 'internal';
  return CAUSE_BY_REASON[reason] ?? 'unknown';
}

function causeOf(e: ErrorShape, code: string | undefined, status: number | undefined, message: string): ErrorCause {
  if (status === 401 || code === 'authError' || AUTH_FAILURE.test(message)) return 'authentication_failed';
  const reason = reasonsOf(e)[0];
  if (reason) return reasonCause(reason, message);
  if (status === 404 && JOB_NOT_FOUND.test(message)) return 'internal';
  if (status !== undefined) return CAUSE_BY_STATUS[status] ?? 'unknown';
  return typeof e.code === 'string' ? (SOCKET_ERROR_CAUSES[e.code] ?? 'unknown') : 'unknown';
}

function describe(err: unknown): Described {
  const e = (err !== null && typeof err === 'object' ? err : {}) as ErrorShape;
  const status = httpStatus(e);
  const code = reasonsOf(e)[0] ?? (status !== undefined ? `HTTP ${status}` : typeof e.code === 'string' ? e.code : undefined);
  const reported = typeof e.message === 'string' && e.message.trim() !== '' ? e.message.trim() : 'BigQuery request failed';
  return { cause: causeOf(e, code, status, reported), code, status, message: reported };
}

/** What happened, from an SDK error: its reason, else its HTTP status, else Node's socket code. */
export function bigqueryErrorCause(err: unknown): ErrorCause {
  return describe(err).cause;
}

/**
 * Normalises a failure of the SDK into core's WarehouseError. The SDK's error is deliberately not
 * kept as `cause`: it carries the HTTP exchange, whose headers hold the OAuth token (and a token
 * refresh's body holds the refresh token), and anything logging the cause chain would print them.
 */
export function toWarehouseError(err: unknown, job?: string): Error {
  if (err instanceof BaselinrError) return err;
  const { cause, code, status, message } = describe(err);
  const text =
    cause === 'authentication_failed' ? `authentication failed: ${message}; check credentials_path, extra_params.credentials or the application default credentials` : message;
  const details = [code, status !== undefined && code !== `HTTP ${status}` ? `HTTP ${status}` : undefined, job ? `job ${job}` : undefined].filter(Boolean);
  return new WarehouseError(cause, details.length > 0 ? `${text} [${details.join(', ')}]` : text, { driverCode: code });
}
