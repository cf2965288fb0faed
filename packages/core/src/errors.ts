/** Exit codes shared by the CLI and embedders. */
export const ExitCode = { ok: 0, tablesFailed: 1, usage: 2, interrupted: 130 } as const;

/** Base class: every error Baselinr raises on purpose carries a stable code. */
export class BaselinrError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A problem the user fixes in the config file or command line: exit code 2. */
export class ConfigError extends BaselinrError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super('CONFIG_INVALID', message);
  }
}

/** An adapter package is missing, or does not export an adapter. Exit code 2. */
export class AdapterResolutionError extends BaselinrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ADAPTER_NOT_FOUND', message, options);
  }
}

/**
 * What happened, normalised from any warehouse's driver. Adapters map each driver error to one
 * cause; core alone decides what to do about it (retry, back off, lower the run's concurrency).
 */
export const ERROR_CAUSES = [
  'connection_refused',
  'connection_lost',
  'too_many_connections',
  'authentication_failed',
  'permission_denied',
  'object_not_found',
  'syntax',
  'timeout',
  'cancelled',
  'serialization_conflict',
  'resource_exhausted',
  'rate_limited',
  'internal',
  'unknown',
] as const;

export type ErrorCause = (typeof ERROR_CAUSES)[number];

export interface WarehouseErrorOptions {
  /** The driver's own code (a SQLSTATE, an errno, an API reason), kept for people reading logs. */
  readonly driverCode?: string;
  /** The driver's error, as thrown. */
  readonly cause?: unknown;
}

/**
 * A warehouse failure, normalised by its adapter: `kind` says what happened; the driver's code
 * and error are kept beside it.
 */
export class WarehouseError extends BaselinrError {
  readonly driverCode: string | undefined;

  constructor(
    readonly kind: ErrorCause,
    message: string,
    options: WarehouseErrorOptions = {},
  ) {
    super('WAREHOUSE_ERROR', message, { cause: options.cause });
    this.driverCode = options.driverCode;
  }
}

/** A statement or table ran past its configured timeout; it was cancelled on the server. */
export class TimeoutError extends BaselinrError {
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

/** The run's signal aborted (SIGINT, or an embedder's AbortController). */
export class CancelledError extends BaselinrError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
