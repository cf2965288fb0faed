import { CancelledError, WarehouseError, type ErrorKind } from '@baselinr/core';

/**
 * DuckDB reports failures as plain errors whose message starts with the error type
 * (`Catalog Error: ...`, `IO Error: ...`). The type, or a lock conflict, is the code.
 */
const TRANSIENT = [
  // Another process holds the database file's write lock; it is released when that process ends.
  { code: 'LOCK_CONFLICT', pattern: /Could not set lock on file|Conflicting lock is held/i },
];
const CONNECTION_LIMIT = [{ code: 'OUT_OF_MEMORY', pattern: /^Out of Memory Error/i }];

export function driverCode(err: unknown): string | undefined {
  const message = String((err as Error | undefined)?.message ?? '');
  for (const { code, pattern } of [...TRANSIENT, ...CONNECTION_LIMIT]) if (pattern.test(message)) return code;
  const type = /^([A-Za-z ]+?) Error:/.exec(message)?.[1];
  if (type === 'Out of Range') return NUMERIC_VALUE_OUT_OF_RANGE;
  return type ? type.toUpperCase().replaceAll(' ', '_') : undefined;
}

/**
 * The SQL standard's SQLSTATE for DuckDB's `Out of Range Error` (an aggregate overflowing a
 * double, say), so core can tell an overflow from other failures as it does for other databases.
 */
const NUMERIC_VALUE_OUT_OF_RANGE = '22003';

/**
 * Transient: a lock another process holds. Connection limit: DuckDB ran out of memory, which
 * fewer concurrent statements relieve. Everything else (syntax, catalog, conversion) is permanent.
 */
export function classifyDuckdbError(err: unknown): ErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  if (err instanceof CancelledError) return 'permanent';
  const code = driverCode(err);
  if (TRANSIENT.some((t) => t.code === code)) return 'transient';
  if (CONNECTION_LIMIT.some((t) => t.code === code)) return 'connection_limit';
  return 'permanent';
}

/** The driver's error as a WarehouseError, keeping its message, its code and itself as the cause. */
export function toWarehouseError(err: unknown): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WarehouseError(classifyDuckdbError(err), message, driverCode(err), { cause: err });
}
