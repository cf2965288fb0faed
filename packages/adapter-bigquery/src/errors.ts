import { BaselinrError, WarehouseError, type ErrorKind } from '@baselinr/core';

/**
 * BigQuery's error reasons (ErrorProto.reason) and HTTP statuses mapped to core's kinds.
 *
 * Throttling reasons are `connection_limit` when they are about concurrent or queued queries (the
 * project is saturated), so the run lowers its concurrency; other rate limits are `transient`.
 * `quotaExceeded` about anything else (bytes scanned per day, ...) does not refill within a
 * retry's backoff: permanent.
 */
const THROTTLING_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'jobRateLimitExceeded', 'quotaExceeded']);
const TRANSIENT_REASONS = new Set(['backendError', 'internalError']);
const SATURATION = /concurrent|queued/i;

/** Statuses worth retrying when the body names no reason (a proxy's 502, the front end's 429). */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Socket-level failures from Node: the network or the endpoint went away, not the statement. */
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

interface ErrorShape {
  readonly code?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
  readonly response?: { readonly status?: unknown };
}

interface Described {
  readonly kind: ErrorKind;
  /** ErrorProto.reason, `HTTP <status>` or Node's code. */
  readonly code: string | undefined;
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

function describe(err: unknown): Described {
  if (!err || typeof err !== 'object') return { kind: 'permanent', code: undefined };
  const e = err as ErrorShape;
  const message = typeof e.message === 'string' ? e.message : '';
  const reasons = reasonsOf(e);
  const throttled = reasons.find((r) => THROTTLING_REASONS.has(r));
  if (throttled) {
    if (SATURATION.test(message)) return { kind: 'connection_limit', code: throttled };
    return { kind: throttled === 'quotaExceeded' ? 'permanent' : 'transient', code: throttled };
  }
  const reason = reasons[0];
  if (reason) return { kind: TRANSIENT_REASONS.has(reason) ? 'transient' : 'permanent', code: reason };
  const status = httpStatus(e);
  if (status !== undefined) return { kind: TRANSIENT_STATUSES.has(status) ? 'transient' : 'permanent', code: `HTTP ${status}` };
  if (typeof e.code === 'string') return { kind: TRANSIENT_NODE_CODES.has(e.code) ? 'transient' : 'permanent', code: e.code };
  return { kind: 'permanent', code: undefined };
}

export function classifyBigQueryError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  // Our own cancellations and config problems are never retried.
  if (err instanceof BaselinrError) return 'permanent';
  return describe(err).kind;
}

/** OAuth token exchanges, missing default credentials and refused tokens. */
const AUTH_FAILURE = /invalid_grant|invalid_client|unauthorized_client|Could not load the default credentials/i;

function isAuthFailure(code: string | undefined, status: number | undefined, message: string): boolean {
  return status === 401 || code === 'authError' || AUTH_FAILURE.test(message);
}

/**
 * Normalises a failure of the SDK into core's WarehouseError. The SDK's error is deliberately not
 * kept as `cause`: it carries the HTTP exchange, whose headers hold the OAuth token (and a token
 * refresh's body holds the refresh token), and anything logging the cause chain would print them.
 */
export function toWarehouseError(err: unknown, job?: string): Error {
  if (err instanceof BaselinrError) return err;
  const { kind, code } = describe(err);
  const message = (err as ErrorShape | undefined)?.message;
  const status = httpStatus((err ?? {}) as ErrorShape);
  const reported = typeof message === 'string' && message.trim() !== '' ? message.trim() : 'BigQuery request failed';
  const text = isAuthFailure(code, status, reported)
    ? `authentication failed: ${reported}; check credentials_path, extra_params.credentials or the application default credentials`
    : reported;
  const details = [code, status !== undefined && code !== `HTTP ${status}` ? `HTTP ${status}` : undefined, job ? `job ${job}` : undefined].filter(Boolean);
  return new WarehouseError(kind, details.length > 0 ? `${text} [${details.join(', ')}]` : text, code);
}
