import { BaselinrError, WarehouseError, type ErrorKind } from '@baselinr/core';

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
 * The network failed, or the server or the result store answered with something other than a
 * result: 401001 could not reach Snowflake, 401003 non-JSON answer (a proxy's error page), 402001
 * and 402002 could not download a result chunk.
 */
const NETWORK_CODES = new Set(['401001', '401003', '402001', '402002']);

/** 401002: an HTTP status other than 200; worth retrying when it means overload or a restart. */
const HTTP_FAILURE_CODE = '401002';
const RETRYABLE_HTTP = (status: number) => (status >= 500 && status < 600) || status === 429 || status === 408;

/** SQL execution canceled: not by us (that surfaces as CancelledError), so an operator or a warehouse suspend did. */
const CANCELED_BY_OTHERS = '000604';
/** A statement or queue timeout (STATEMENT_TIMEOUT_IN_SECONDS, STATEMENT_QUEUED_TIMEOUT_IN_SECONDS). */
const TIMEOUT_CODE = '000630';

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
}

function classifyCode(code: string | undefined, err: unknown, stillQueued: boolean): ErrorKind {
  if (code === undefined) return 'permanent';
  if (SESSION_GONE_CODES.has(code) || DISCONNECTED_CLIENT_CODES.has(code) || NETWORK_CODES.has(code)) return 'transient';
  if (code === HTTP_FAILURE_CODE) {
    const status = httpStatus(err);
    return status !== undefined && RETRYABLE_HTTP(status) ? 'transient' : 'permanent';
  }
  if (code === CANCELED_BY_OTHERS) return 'transient';
  // A statement that timed out while queued found the warehouse saturated; later it may get a slot.
  // One that timed out while running would time out again.
  if (code === TIMEOUT_CODE) return stillQueued ? 'transient' : 'permanent';
  // Authentication (390xxx), SQL compilation (00xxxx) and everything unknown: retrying cannot help.
  return 'permanent';
}

/** transient | connection_limit | permanent for anything a session can throw. */
export function classifySnowflakeError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  // Our own cancellation, a ConfigError or a timeout: never retried.
  if (err instanceof BaselinrError) return 'permanent';
  return classifyCode(driverCode(err), err, false);
}

/** Whether a pooled connection must be dropped after this error: its session is gone for good. */
export function sessionIsGone(err: unknown): boolean {
  const code = err instanceof WarehouseError ? err.driverCode : driverCode(err);
  return code !== undefined && (SESSION_GONE_CODES.has(code) || DISCONNECTED_CLIENT_CODES.has(code));
}

function describe(err: unknown, code: string | undefined): string {
  const { message, sqlState, data, cause } = fields(err);
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
  const kind = classifyCode(code, err, stillQueued);
  const queuedTooLong = code === TIMEOUT_CODE && stillQueued ? 'the statement waited in the warehouse queue past STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: ' : '';
  const text = `${failure.context ? `${failure.context}: ` : ''}${queuedTooLong}${describe(err, code)}`;
  return new WarehouseError(kind, failure.redact ? failure.redact(text) : text, code, { cause: err });
}
