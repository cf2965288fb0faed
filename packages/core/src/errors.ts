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

export type ErrorKind = 'transient' | 'connection_limit' | 'permanent';

/**
 * A warehouse failure normalised by an adapter's classifyError: `kind` drives retries and
 * adaptive concurrency; `driverCode` keeps the driver's own code for people reading logs.
 */
export class WarehouseError extends BaselinrError {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly driverCode?: string,
    options?: { cause?: unknown },
  ) {
    super('WAREHOUSE_ERROR', message, options);
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
