import type { SqlDriver } from '../adapter/sql-driver.js';
import { tableKey, type TableRef } from '../adapter/types.js';
import { createTableRacing } from '../coordination/ddl.js';
import type { TableState, TableStateStore } from './contract.js';
import { storedDate, storedNumber, storedText } from './row-values.js';

/** Keys per DELETE: keeps the parameter count under every driver's limit. */
const KEYS_PER_DELETE = 100;
const COLUMNS = 'database_name, schema_name, table_name, last_run_id, snapshot_id, change_token, decision, decision_reason, last_profiled_at, row_count, metadata';

/**
 * Baselinr's incremental metadata table (`incremental.change_detection.metadata_table`) on any SQL
 * store: one row per table, replaced whole. Not part of the versioned results layout, so it is
 * created on the first write of an incremental run and a store that never ran one has none.
 */
export class SqlTableStateStore implements TableStateStore {
  private created: Promise<void> | undefined;

  constructor(
    private readonly driver: SqlDriver,
    private readonly table: string,
    private readonly createTables: boolean,
  ) {}

  async load(database: string, refs: readonly TableRef[]): Promise<Map<string, TableState>> {
    const q = this.driver.quoteIdentifier;
    const wanted = new Set(refs.map(tableKey));
    let rows: Awaited<ReturnType<SqlDriver['query']>>;
    try {
      rows = await this.driver.query(`SELECT ${COLUMNS} FROM ${q(this.table)} WHERE database_name = ${this.driver.placeholder(0)}`, [database]);
    } catch (err) {
      // No table yet: no incremental run has written here, so every table is profiled.
      if (/no such table|does(n't| not) exist|unknown table/i.test(String((err as Error).message))) return new Map();
      throw err;
    }
    const states = new Map<string, TableState>();
    for (const row of rows) {
      const ref = { schema: String(row.schema_name), table: String(row.table_name) };
      if (!wanted.has(tableKey(ref))) continue;
      states.set(tableKey(ref), {
        ...ref,
        database,
        lastRunId: storedText(row.last_run_id),
        token: storedText(row.snapshot_id),
        decision: storedText(row.decision) ?? '',
        decisionReason: storedText(row.decision_reason) ?? '',
        lastProfiledAt: row.last_profiled_at === null ? null : storedDate(row.last_profiled_at),
        rowCount: storedNumber(row.row_count),
        metadata: parseMetadata(storedText(row.metadata)),
      });
    }
    return states;
  }

  async save(states: readonly TableState[]): Promise<void> {
    if (states.length === 0) return;
    if (this.createTables) {
      this.created ??= this.create();
      await this.created;
    }
    const q = this.driver.quoteIdentifier;
    const p = this.driver.placeholder;
    await this.driver.transaction(async (query) => {
      for (let at = 0; at < states.length; at += KEYS_PER_DELETE) {
        const slice = states.slice(at, at + KEYS_PER_DELETE);
        const params: unknown[] = [];
        const keys = slice.map((s) => {
          params.push(s.database, s.schema, s.table);
          const n = params.length;
          return `(database_name = ${p(n - 3)} AND schema_name = ${p(n - 2)} AND table_name = ${p(n - 1)})`;
        });
        await query(`DELETE FROM ${q(this.table)} WHERE ${keys.join(' OR ')}`, params);
      }
      for (const s of states) {
        const values = [s.database, s.schema, s.table, s.lastRunId, s.token, null, s.decision, s.decisionReason, s.lastProfiledAt, s.rowCount, JSON.stringify(s.metadata)];
        await query(`INSERT INTO ${q(this.table)} (${COLUMNS}) VALUES (${values.map((_, i) => p(i)).join(', ')})`, values);
      }
    });
  }

  /** Baselinr's columns; the key columns NOT NULL because PostgreSQL's primary keys cannot hold NULL (a source without a database is ''). */
  private create(): Promise<void> {
    const q = this.driver.quoteIdentifier;
    const { key, text, timestamp, double } = this.driver.types;
    return createTableRacing(
      this.driver,
      `CREATE TABLE IF NOT EXISTS ${q(this.table)} (database_name ${key} NOT NULL, schema_name ${key} NOT NULL, table_name ${key} NOT NULL, ` +
        `last_run_id ${key}, snapshot_id ${text}, change_token ${text}, decision ${key}, decision_reason ${key}, last_profiled_at ${timestamp}, ` +
        `staleness_score INTEGER, row_count ${double}, bytes_scanned ${double}, metadata ${text}, PRIMARY KEY (database_name, schema_name, table_name))`,
    );
  }
}

function parseMetadata(text: string | null): Readonly<Record<string, unknown>> {
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
