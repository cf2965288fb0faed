import { tableKey, type ChangeSignal, type Row, type TableRef } from '@baselinr/core';
import type { CatalogQuery } from './catalog-query.js';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const VIEW_TYPES = new Set(['VIEW', 'MATERIALIZED VIEW']);

/**
 * Each table's token is its LAST_ALTERED: Snowflake moves it on every DML and DDL on the table
 * (and on background maintenance such as reclustering, which costs a spare profile, never a
 * missed change). One INFORMATION_SCHEMA.TABLES query for the batch, metadata only (no warehouse
 * compute). Views are unknown: their rows change in the tables they read.
 */
export async function changeSignals(query: CatalogQuery, refs: readonly TableRef[]): Promise<Map<string, ChangeSignal>> {
  if (refs.length === 0) return new Map();
  const schemas = [...new Set(refs.map((r) => r.schema))];
  const tables = [...new Set(refs.map((r) => r.table))];
  const rows = await query(
    `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, LAST_ALTERED FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN (${marks(schemas.length)}) AND TABLE_NAME IN (${marks(tables.length)})`,
    [...schemas, ...tables],
  );
  const wanted = new Set(refs.map(tableKey));
  const signals = new Map<string, ChangeSignal>();
  for (const row of rows) {
    // The IN lists also match cross pairs: exact refs only.
    const key = tableKey({ schema: String(row.TABLE_SCHEMA), table: String(row.TABLE_NAME) });
    if (wanted.has(key)) signals.set(key, signalOf(row));
  }
  return signals;
}

function signalOf(row: Row): ChangeSignal {
  if (VIEW_TYPES.has(String(row.TABLE_TYPE))) return { token: null, unknown: "a view's rows change in the tables it reads, which LAST_ALTERED does not follow" };
  const altered = row.LAST_ALTERED;
  if (altered === null || altered === undefined) return { token: null, unknown: 'INFORMATION_SCHEMA.TABLES has no LAST_ALTERED for the table' };
  return { token: `snowflake:${altered instanceof Date ? altered.toISOString() : String(altered)}` };
}
