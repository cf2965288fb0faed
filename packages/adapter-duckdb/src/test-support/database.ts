import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '@baselinr/core';

/**
 * Work on a database file through a DuckDB instance of its own, outside the adapter: read-write
 * to arrange data, read-only to check it (a read-only instance never checkpoints, so it cannot
 * disturb an instance the adapter holds open in this process).
 */
export async function withDatabase<T>(filepath: string, mode: 'read' | 'write', work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(filepath, mode === 'read' ? { access_mode: 'READ_ONLY' } : {});
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function query(filepath: string, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return withDatabase(filepath, 'read', async (c) => (await c.runAndReadAll(sql, params as DuckDBValue[])).getRowObjectsJson() as Row[]);
}

export async function write(filepath: string, sql: string, params: readonly unknown[] = []): Promise<void> {
  await withDatabase(filepath, 'write', (c) => c.run(sql, params.length > 0 ? (params as DuckDBValue[]) : undefined));
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `baselinr-duckdb-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
