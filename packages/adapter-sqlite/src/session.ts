import { existsSync } from 'node:fs';
import {
  ConfigError,
  groupBy,
  tableKey,
  type ChangeSignal,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { fileChangeSignal } from './change-signal.js';
import { sqliteColumnKind } from './column-kind.js';
import { sqliteDialect } from './dialect.js';
import { SqliteWorkerClient } from './worker-client.js';

export function sqliteFilepath(connection: ConnectionConfig, section: string): string {
  const filepath = connection.filepath ?? connection.database;
  if (!filepath) throw new ConfigError(`${section}.filepath: required for sqlite (the database file's path)`);
  return filepath;
}

/** A read-only session on a SQLite file, served by one worker thread. */
export class SqliteSession implements WarehouseSession {
  readonly dialect = sqliteDialect;
  readonly defaultSchema = 'main';

  private constructor(private readonly client: SqliteWorkerClient) {}

  static async open(connection: ConnectionConfig): Promise<SqliteSession> {
    const filepath = sqliteFilepath(connection, 'source');
    if (filepath !== ':memory:' && !existsSync(filepath)) {
      throw new ConfigError(`source.filepath: no SQLite database at ${filepath}; check the path (relative paths are relative to the config file)`);
    }
    const session = new SqliteSession(new SqliteWorkerClient(filepath));
    await session.client.query('SELECT 1');
    return session;
  }

  get inFlight(): number {
    return this.client.inFlight;
  }

  /** The attached databases (SQLite's schemas), `temp` left out: it holds this connection's scratch tables only. */
  async listSchemas(): Promise<string[]> {
    const rows = await this.client.query("SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq");
    return rows.map((r) => String(r.name));
  }

  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    const found: DiscoveredTable[] = [];
    // A schema is an attached database; one that is not attached simply has no tables.
    const attached = new Set((await this.client.query('SELECT name FROM pragma_database_list')).map((r) => String(r.name)));
    for (const schema of filter.schemas.filter((s) => attached.has(s))) {
      const q = sqliteDialect.quoteIdentifier(schema);
      const rows = await this.client.query(`SELECT name, type FROM ${q}.sqlite_master WHERE type IN ('table', 'view') ORDER BY name`);
      const names = rows.map((r) => ({ name: String(r.name), type: r.type === 'view' ? ('view' as const) : ('table' as const) }));
      // ANALYZE leaves row counts in sqlite_stat1: the first number of a table's stat.
      const estimates = new Map<string, number>();
      if (names.some((n) => n.name === 'sqlite_stat1')) {
        for (const r of await this.client.query(`SELECT tbl, stat FROM ${q}.sqlite_stat1`)) {
          const rowsEstimate = Number(String(r.stat).split(' ')[0]);
          if (Number.isFinite(rowsEstimate)) estimates.set(String(r.tbl), rowsEstimate);
        }
      }
      for (const { name, type } of names) {
        if (name.startsWith('sqlite_')) continue;
        const rowEstimate = estimates.get(name);
        found.push({ schema, table: name, type, ...(rowEstimate !== undefined ? { rowEstimate } : {}) });
      }
    }
    return found;
  }

  /** One catalog query per schema in the batch (a batch is nearly always one schema). */
  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    const bySchema = groupBy(refs, (r) => r.schema);
    const described: TableDescription[] = [];
    for (const [schema, tables] of bySchema) {
      const q = sqliteDialect.quoteIdentifier(schema);
      const marks = tables.map(() => '?').join(', ');
      const rows = await this.client.query(
        `SELECT m.name AS table_name, p.cid, p.name AS column_name, p.type AS column_type FROM ${q}.sqlite_master m ` +
          `JOIN pragma_table_info(m.name, ?) p WHERE m.type IN ('table', 'view') AND m.name IN (${marks}) ORDER BY m.name, p.cid`,
        [schema, ...tables.map((t) => t.table)],
        signal,
      );
      const columns = groupBy(rows, (r) => String(r.table_name));
      for (const [table, cols] of columns) {
        described.push({
          schema,
          table,
          columns: cols.map((c) => ({ name: String(c.column_name), dataType: String(c.column_type ?? ''), kind: sqliteColumnKind(String(c.column_type ?? '')) })),
        });
      }
    }
    return described;
  }

  /** Each table gets its file's signal (`main` and any attached database each have their own file). */
  async changeSignals(refs: readonly TableRef[]): Promise<ReadonlyMap<string, ChangeSignal>> {
    const files = new Map((await this.client.query('SELECT name, file FROM pragma_database_list')).map((r) => [String(r.name), String(r.file ?? '')]));
    const bySchema = new Map<string, Promise<ChangeSignal>>();
    const signals = new Map<string, ChangeSignal>();
    for (const ref of refs) {
      const file = files.get(ref.schema);
      if (file === undefined) continue;
      if (!bySchema.has(ref.schema)) bySchema.set(ref.schema, fileChangeSignal(file));
      signals.set(tableKey(ref), await bySchema.get(ref.schema)!);
    }
    return signals;
  }

  execute(sql: string, signal?: AbortSignal) {
    return this.client.query(sql, [], signal);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
