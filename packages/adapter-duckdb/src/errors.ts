import { errorMessage, WarehouseError, type ErrorCause } from '@baselinr/core';

/**
 * DuckDB reports failures as plain errors whose message starts with the error type
 * (`Catalog Error: ...`, `IO Error: ...`). The type, or a lock conflict, is the code.
 */
const SPECIAL_CODES = [
  { code: 'LOCK_CONFLICT', pattern: /Could not set lock on file|Conflicting lock is held/i },
  { code: 'OUT_OF_MEMORY', pattern: /^Out of Memory Error/i },
];

export function driverCode(err: unknown): string | undefined {
  const message = errorMessage(err);
  const special = SPECIAL_CODES.find(({ pattern }) => pattern.test(message));
  if (special) return special.code;
  const type = /^([A-Za-z ]+?) Error:/.exec(message)?.[1];
  return type ? type.toUpperCase().replaceAll(' ', '_') : undefined;
}

const CAUSES: Readonly<Record<string, ErrorCause>> = {
  // Another process holds the database file's write lock: for an embedded engine that is the
  // refused connection, and it clears when that process ends (retried, as before causes).
  LOCK_CONFLICT: 'connection_refused',
  // Fewer statements at once relieve it: core lowers the run's concurrency, as before causes.
  OUT_OF_MEMORY: 'resource_exhausted',
  INTERRUPT: 'cancelled',
  PARSER: 'syntax',
  BINDER: 'syntax',
  PERMISSION: 'permission_denied',
  CONNECTION: 'connection_lost',
  INTERNAL: 'internal',
};

/** Told by the message whatever the error type: missing tables, columns and files; several statements in one string. */
const MESSAGES: ReadonlyArray<readonly [RegExp, ErrorCause]> = [
  [/does not exist|not found|No files found|No such file/i, 'object_not_found'],
  [/Cannot prepare multiple statements/i, 'syntax'],
];

/**
 * What happened. A binder error naming a missing column is a missing object rather than bad SQL;
 * conversion and invalid-input errors (the data's or the config's) are `unknown`, never retried.
 */
export function duckdbErrorCause(err: unknown): ErrorCause {
  const code = driverCode(err);
  const cause = code === undefined ? undefined : CAUSES[code];
  if (cause !== undefined && cause !== 'syntax') return cause;
  const message = errorMessage(err);
  return MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? cause ?? 'unknown';
}

/** The driver's error as a WarehouseError, keeping its message, its code and itself as the cause. */
export function toWarehouseError(err: unknown): WarehouseError {
  if (err instanceof WarehouseError) return err;
  return new WarehouseError(duckdbErrorCause(err), errorMessage(err), { driverCode: driverCode(err), cause: err });
}
