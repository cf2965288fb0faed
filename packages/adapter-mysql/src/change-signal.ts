import { createHash } from 'node:crypto';
import { tableKey, type ChangeSignal, type TableDescription, type TableRef } from '@baselinr/core';
import type { CatalogQuery } from './catalog.js';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * UPDATE_TIME, CREATE_TIME and ENGINE of the requested tables, and whether UPDATE_TIME is already
 * in a past second. The hint makes MySQL 8 read fresh figures instead of its cached statistics
 * (information_schema_stats_expiry, a day by default); MariaDB reads it as a comment.
 */
const SIGNALS_SQL = (schemas: number, tables: number) =>
  'SELECT /*+ SET_VAR(information_schema_stats_expiry = 0) */ TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type, ' +
  'ENGINE AS engine, CAST(CREATE_TIME AS CHAR) AS create_time, CAST(UPDATE_TIME AS CHAR) AS update_time, (UPDATE_TIME < NOW()) AS settled, ' +
  'TABLE_ROWS AS table_rows, AUTO_INCREMENT AS auto_increment ' +
  `FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks(schemas)}) AND TABLE_NAME IN (${marks(tables)})`;

/**
 * Each table's token: its UPDATE_TIME (when the last write committed), with CREATE_TIME (a table
 * rebuilt or created again), its engine and its columns (an instant ADD COLUMN moves neither time),
 * and its row estimate and next AUTO_INCREMENT value: MariaDB's TRUNCATE moves neither time, but
 * drops the estimate to 0 and resets the counter. (A stale estimate moves later: a spare profile, never a missed change.)
 * Unknown when UPDATE_TIME is NULL (a view; InnoDB keeps it in memory only, so it is NULL after a
 * restart until the next write; some engines never set it) or falls in the current second: it
 * has second resolution, so a second write within that second would leave it unchanged.
 */
export async function changeSignals(query: CatalogQuery, refs: readonly TableRef[], columns: readonly TableDescription[]): Promise<Map<string, ChangeSignal>> {
  if (refs.length === 0) return new Map();
  const schemas = [...new Set(refs.map((r) => r.schema))];
  const tables = [...new Set(refs.map((r) => r.table))];
  const rows = await query(SIGNALS_SQL(schemas.length, tables.length), [...schemas, ...tables]);
  const wanted = new Set(refs.map(tableKey));
  const columnsOf = new Map(columns.map((d) => [tableKey(d), d.columns.map((c) => `${c.name}:${c.dataType}`).join(',')]));
  const signals = new Map<string, ChangeSignal>();
  for (const row of rows) {
    // information_schema compares names case-insensitively on some servers: exact refs only.
    const key = tableKey({ schema: String(row.table_schema), table: String(row.table_name) });
    if (!wanted.has(key)) continue;
    signals.set(key, signalOf(row, columnsOf.get(key) ?? ''));
  }
  return signals;
}

function signalOf(row: Record<string, unknown>, columns: string): ChangeSignal {
  if (row.table_type === 'VIEW') return { token: null, unknown: "a view's rows change in the tables it reads, which have their own UPDATE_TIME" };
  if (row.update_time === null || row.update_time === undefined) {
    return { token: null, unknown: `UPDATE_TIME is NULL (${String(row.engine)} keeps none, or none since the server started)` };
  }
  if (Number(row.settled) !== 1) return { token: null, unknown: 'the table was written within the current second, finer than UPDATE_TIME can tell' };
  const parts = [row.engine, row.create_time, row.update_time, row.table_rows, row.auto_increment, columns].map((v) => String(v ?? ''));
  return { token: `mysql:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}` };
}
