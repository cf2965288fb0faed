import {
  ConfigError,
  type ConnectOptions,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type Row,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { DATABASE_NAMES_SQL, DESCRIBE_TABLES_SQL, LIST_TABLES_SQL, describeParams, listParams, toDescriptions, toDiscovered } from './catalog.js';
import { duckdbDialect } from './dialect.js';
import { createFileViewSql, rowEstimateSql } from './file-views.js';
import { ConnectionPool } from './pool.js';
import { duckdbSource, type DuckdbSource } from './source-config.js';
import { runStatement } from './statement.js';

/** Every connection reports timestamps in UTC, whatever the machine's zone. */
const CONNECTION_SETTINGS = ["SET TimeZone = 'UTC'"];

/** One run's DuckDB instance: the database file opened read-only (or an in-memory one) and the file tables as views. */
export class DuckdbSession implements WarehouseSession {
  readonly dialect = duckdbDialect;
  readonly defaultSchema = 'main';

  private constructor(
    private readonly pool: ConnectionPool,
    private readonly fileEstimates: ReadonlyMap<string, number>,
  ) {}

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<DuckdbSession> {
    const source = duckdbSource(connection);
    const pool = await ConnectionPool.open(
      source.database ?? ':memory:',
      // Profiling only reads: read-only leaves the file to its writers' other readers, and writes nothing.
      { ...(source.database ? { access_mode: 'READ_ONLY' } : {}), ...source.settings },
      Math.max(1, options.policy.size),
      async (c) => {
        for (const sql of CONNECTION_SETTINGS) await runStatement(c, sql);
        for (const table of source.files) await runStatement(c, createFileViewSql(table));
      },
    );
    try {
      const session = new DuckdbSession(pool, await fileEstimates(pool, source));
      await session.refuseShadowedTables(source);
      return session;
    } catch (err) {
      await pool.close();
      throw err;
    }
  }

  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    if (filter.schemas.length === 0) return [];
    const params = await listParams(filter.schemas);
    const rows = await this.pool.use((c) => runStatement(c, LIST_TABLES_SQL, params));
    return rows.map((row) => toDiscovered(row, this.fileEstimates));
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const params = await describeParams(refs);
    const rows = await this.pool.use((c) => runStatement(c, DESCRIBE_TABLES_SQL, params, signal), signal);
    return toDescriptions(rows);
  }

  execute(sql: string, signal?: AbortSignal): Promise<Row[]> {
    return this.pool.use((c) => runStatement(c, sql, [], signal), signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** A file table named like a table of the database would hide it: refuse the config instead. */
  private async refuseShadowedTables(source: DuckdbSource): Promise<void> {
    if (!source.database || source.files.length === 0) return;
    const params = await listParams([this.defaultSchema]);
    const rows = await this.pool.use((c) => runStatement(c, DATABASE_NAMES_SQL, params));
    const names = new Set(rows.map((r) => String(r.name).toLowerCase()));
    const clash = source.files.find((f) => names.has(f.name.toLowerCase()));
    if (clash) throw new ConfigError(`source.extra_params.files.${clash.name}: the database already has a table or view ${clash.name} in main; name the file table differently`);
  }
}

async function fileEstimates(pool: ConnectionPool, source: DuckdbSource): Promise<Map<string, number>> {
  const estimates = new Map<string, number>();
  for (const table of source.files) {
    const sql = rowEstimateSql(table);
    if (!sql) continue;
    const [row] = await pool.use((c) => runStatement(c, sql));
    const estimate = Number(row?.estimate);
    if (Number.isFinite(estimate)) estimates.set(table.name, estimate);
  }
  return estimates;
}
