import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { CancelledError, type Row } from '@baselinr/core';
import { toWarehouseError } from './errors.js';

/** How often an aborted statement is interrupted again, until it stops (an interrupt sent before it starts is lost). */
const INTERRUPT_EVERY_MS = 50;

/**
 * Runs one statement on a connection and returns its rows in DuckDB's lossless JSON form: big
 * integers and decimals as exact text, doubles as numbers. A prepared statement refuses several
 * statements in one string. When `signal` aborts, the connection is interrupted (DuckDB stops the
 * query) and the promise rejects once the statement has stopped.
 */
export async function runStatement(connection: DuckDBConnection, sql: string, params: readonly DuckDBValue[] = [], signal?: AbortSignal): Promise<Row[]> {
  if (signal?.aborted) throw new CancelledError('statement cancelled before it started');
  let interrupting: NodeJS.Timeout | undefined;
  const onAbort = () => {
    connection.interrupt();
    interrupting = setInterval(() => connection.interrupt(), INTERRUPT_EVERY_MS);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const prepared = await connection.prepare(sql);
    try {
      if (params.length > 0) prepared.bind([...params]);
      const reader = await prepared.runAndReadAll();
      return reader.getRowObjectsJson() as Row[];
    } finally {
      prepared.destroySync();
    }
  } catch (err) {
    if (signal?.aborted) throw new CancelledError('statement cancelled');
    throw toWarehouseError(err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    clearInterval(interrupting);
  }
}
