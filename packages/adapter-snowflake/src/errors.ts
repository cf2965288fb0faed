import { BaselinrError, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * Snowflake's codes for a session that no longer exists: token invalid (390104), session gone
 * (390111), session or master token expired (390112, 390114). A new session fixes them.
 */
const SESSION_GONE_CODES = new Set(['390104', '390111', '390112', '390114']);

/**
 * snowflake-sdk's own codes for a connection whose session was invalidated: once the SDK sees one
 * of the codes above it moves the connection to a disconnected state and fails every later call
 * with these (405503 connect, 407001/407002 request), or 401004 for a token the server refused.
 */
const DISCONNECTED_CLIENT_CODES = new Set(['405503', '407001', '407002', '401004']);

/**
 * The network failed, or the server answered with something other than a result: 401001 could
 * not reach Snowflake (the socket error is the SDK error's cause), 401003 a non-JSON answer (a
 * proxy's error page).
 */
const UNREACHABLE_CODE = '401001';
const NON_JSON_CODE = '401003';
const NETWORK_CODES = new Set([UNREACHABLE_CODE, NON_JSON_CODE]);

/**
 * A result chunk could not be downloaded from cloud storage: 402001 storage unreachable, 402002
 * storage answered with an error. The SDK has already retried the download (up to ten times over
 * about two minutes for 403, 408, 429, 5xx and socket errors) and runStatement has fetched fresh
 * download URLs: what remains is almost always a firewall or proxy that lets this machine reach
 * Snowflake but not the account's stage in S3, Azure or GCS. Re-running the statement would
 * download the same way, so it is not retried.
 */
const CHUNK_CODES = new Set(['402001', '402002']);

/** Whether the SDK failed to download a result chunk from cloud storage. */
export function isChunkDownloadFailure(err: unknown): boolean {
  const code = driverCode(err);
  return code !== undefined && CHUNK_CODES.has(code);
}

/** 401002: an HTTP status other than 200; its status says what happened. */
const HTTP_FAILURE_CODE = '401002';

/** A statement or queue timeout (STATEMENT_TIMEOUT_IN_SECONDS, STATEMENT_QUEUED_TIMEOUT_IN_SECONDS). */
const TIMEOUT_CODE = '000630';

/** Snowflake's own codes whose cause their SQLSTATE does not say precisely. */
const CAUSE_BY_CODE: Readonly<Record<string, ErrorCause>> = {
  // SQL execution canceled: not by us (that surfaces as CancelledError), so by an operator.
  '000604': 'cancelled',
  // No active warehouse: none was set, or the role may not use it.
  '000606': 'object_not_found',
  // Several statements in one request.
  '000008': 'syntax',
  // Object does not exist or not authorized; invalid identifier (a missing column).
  '002003': 'object_not_found',
  '000904': 'object_not_found',
  '001003': 'syntax',
  '003001': 'permission_denied',
  '000603': 'internal',
};

interface SdkErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly sqlState?: unknown;
  readonly data?: { readonly queryId?: unknown } | null;
  readonly response?: { readonly statusCode?: unknown; readonly status?: unknown } | null;
  readonly cause?: { readonly code?: unknown; readonly message?: unknown } | null;
}

function fields(err: unknown): SdkErrorFields {
  return err !== null && typeof err === 'object' ? (err as SdkErrorFields) : {};
}

/** The SDK's code as text: client codes are numbers (401002), server codes strings ('002003'). */
function driverCode(err: unknown): string | undefined {
  const { code } = fields(err);
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

function httpStatus(err: unknown): number | undefined {
  const { response } = fields(err);
  const status = response?.statusCode ?? response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** What the adapter knew about the statement when it failed. */
export interface FailureContext {
  /** Prefix for the message, e.g. `could not log in to Snowflake account xy12345`. */
  readonly context?: string;
  /** The statement was still waiting in the warehouse queue the last time its status was read. */
  readonly stillQueued?: boolean;
  /** Removes secrets (password, token, key) from the message. */
  readonly redact?: (text: string) => string;
  /** The statement's query id, when Snowflake had accepted it. */
  readonly queryId?: string;
}

function httpCause(status: number | undefined): ErrorCause {
  if (status === undefined) return 'unknown';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status === 401) return 'authentication_failed';
  if (status === 403) return 'permission_denied';
  return status >= 500 ? 'internal' : 'unknown';
}

/** The socket error under a network failure: refused (or no such host) before anything was sent, or lost on the way. */
function networkCause(code: string, err: unknown): ErrorCause {
  const socketCode = fields(err).cause?.code;
  if (code === NON_JSON_CODE) return 'internal';
  if (socketCode === 'ETIMEDOUT' || socketCode === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === UNREACHABLE_CODE && (socketCode === 'ECONNREFUSED' || socketCode === 'ENOTFOUND')) return 'connection_refused';
  return 'connection_lost';
}

function sqlStateCause(sqlState: unknown): ErrorCause {
  if (typeof sqlState !== 'string') return 'unknown';
  if (sqlState === '42501') return 'permission_denied';
  if (sqlState === '42S02' || sqlState === '42S22') return 'object_not_found';
  if (sqlState.startsWith('42')) return 'syntax';
  if (sqlState.startsWith('08')) return 'connection_lost';
  if (sqlState.startsWith('53')) return 'resource_exhausted';
  if (sqlState === '40001') return 'serialization_conflict';
  if (sqlState === 'XX000') return 'internal';
  return 'unknown';
}

/**
 * What happened, from an SDK error: the client's codes (4xxxxx), the login service's (390xxx),
 * then Snowflake's SQL codes and SQLSTATE. `stillQueued`: the statement was still waiting in the
 * warehouse queue the last time its status was read.
 */
export function snowflakeErrorCause(err: unknown, stillQueued = false): ErrorCause {
  const code = driverCode(err);
  if (code === undefined) return 'unknown';
  // The session expired or was invalidated: a new login fixes it.
  if (SESSION_GONE_CODES.has(code) || DISCONNECTED_CLIENT_CODES.has(code)) return 'connection_lost';
  if (NETWORK_CODES.has(code)) return networkCause(code, err);
  if (CHUNK_CODES.has(code)) return 'permission_denied';
  if (code === HTTP_FAILURE_CODE) return httpCause(httpStatus(err));
  if (code.startsWith('390')) return 'authentication_failed';
  // Timed out while queued: the warehouse was saturated and a later attempt, with fewer
  // statements at once, may get a slot. Timed out while running: the warehouse cancelled a
  // statement that would run as long again (the timeout may be a DBA's, longer than ours).
  if (code === TIMEOUT_CODE) return stillQueued ? 'resource_exhausted' : 'cancelled';
  return CAUSE_BY_CODE[code] ?? sqlStateCause(fields(err).sqlState);
}

/** Whether a pooled connection must be dropped after this error: its session is gone for good. */
export function sessionIsGone(err: unknown): boolean {
  const code = err instanceof WarehouseError ? err.driverCode : driverCode(err);
  return code !== undefined && (SESSION_GONE_CODES.has(code) || DISCONNECTED_CLIENT_CODES.has(code));
}

/** Why a chunk download failed and what to change: the SDK's own message only says S3/Blob. */
function describeChunkFailure(err: unknown, code: string, queryId: string | undefined): string {
  const status = httpStatus(err);
  const socket = fields(err).cause?.code;
  const detail = [`Snowflake ${code}`, status !== undefined ? `HTTP ${status}` : undefined, typeof socket === 'string' ? socket : undefined].filter(Boolean).join(', ');
  return (
    `could not download the result${queryId ? ` of query ${queryId}` : ''} from cloud storage (${detail}), even after retries. ` +
    "Snowflake sends large results straight from the account's stage in S3, Azure Blob Storage or Google Cloud Storage, not from the account URL: " +
    'let this machine reach the storage hosts that SELECT SYSTEM$ALLOWLIST() lists (firewall, proxy, NO_PROXY), then run again'
  );
}

function describe(err: unknown, code: string | undefined, queryId?: string): string {
  const { message, sqlState, data, cause } = fields(err);
  if (code !== undefined && CHUNK_CODES.has(code)) return describeChunkFailure(err, code, queryId);
  const base = typeof message === 'string' && message !== '' ? message : String(err);
  if (code === HTTP_FAILURE_CODE) {
    const status = httpStatus(err);
    return status !== undefined ? `${base} (HTTP ${status})` : base;
  }
  if (code !== undefined && NETWORK_CODES.has(code) && cause) {
    const detail = typeof cause.code === 'string' ? cause.code : typeof cause.message === 'string' ? cause.message : undefined;
    return detail ? `${base} (${detail})` : base;
  }
  const details = [code !== undefined ? `Snowflake ${code}` : undefined, typeof sqlState === 'string' ? `SQLSTATE ${sqlState}` : undefined];
  if (typeof data?.queryId === 'string') details.push(`query ${data.queryId}`);
  const shown = details.filter(Boolean);
  return shown.length > 0 ? `${base} [${shown.join(', ')}]` : base;
}

/** Normalises an SDK failure to core's WarehouseError, keeping the SDK's code; our own errors pass through. */
export function toWarehouseError(err: unknown, failure: FailureContext = {}): Error {
  // Already ours (WarehouseError, CancelledError, ConfigError): keep its meaning.
  if (err instanceof BaselinrError) return err;
  const code = driverCode(err);
  const stillQueued = failure.stillQueued === true;
  const queuedTooLong = code === TIMEOUT_CODE && stillQueued ? 'the statement waited in the warehouse queue past STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: ' : '';
  const text = `${failure.context ? `${failure.context}: ` : ''}${queuedTooLong}${describe(err, code, failure.queryId)}`;
  return new WarehouseError(snowflakeErrorCause(err, stillQueued), failure.redact ? failure.redact(text) : text, { driverCode: code, cause: err });
}
