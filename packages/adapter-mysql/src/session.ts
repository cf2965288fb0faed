import { createPool, type Pool, type PoolConnection } from 'mysql2/promise';
import {
  COMMENT_TAG_SOURCE,
  type ChangeSignal,
  type ConnectOptions,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type PoolPolicy,
  type Row,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { acquireConnection, runCancellable } from './cancellable.js';
import { describeTables, listSchemas, listTables, type CatalogQuery } from './catalog.js';
import { changeSignals } from './change-signal.js';
import { databaseOf, poolOptions } from './connection-options.js';
import { mysqlDialect } from './dialect.js';
import { toWarehouseError } from './errors.js';
import { Slots } from './slots.js';

/**
 * A comment naming the run, sent ahead of every statement: MariaDB without performance_schema
 * shows no connection attributes, but SHOW PROCESSLIST shows the statement text.
 */
export function runComment(runId: string): string {
  return `/* baselinr run ${runId.replace(/[^A-Za-z0-9_.:-]/g, '')} */ `;
}

/**
 * One run's pool on a MySQL or MariaDB server. The pool holds at most `policy.size` connections
 * (profiling statements, catalog queries and cancel requests all share it) and at most
 * `policy.maxConcurrentStatements` profiling statements run at once.
 */
export class MysqlSession implements WarehouseSession {
  readonly dialect = mysqlDialect;
  readonly tagSource = COMMENT_TAG_SOURCE;
  private readonly statements: Slots;
  private readonly comment: string;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly pool: Pool,
    readonly defaultSchema: string,
    policy: PoolPolicy,
    runId: string,
  ) {
    this.statements = new Slots(Math.max(1, Math.min(policy.maxConcurrentStatements, policy.size)));
    this.comment = runComment(runId);
  }

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<MysqlSession> {
    const { policy, runId, signal } = options;
    const database = databaseOf(connection, 'source');
    const settings = { section: 'source', connectionLimit: policy.size, attributes: { baselinr_run_id: runId } };
    const pool = createPool(poolOptions(connection, settings));
    const session = new MysqlSession(pool, database, policy, runId);
    try {
      // Fails fast on a wrong host, credentials or database, before anything is planned.
      await session.query((c, sql) => c.query(sql), 'SELECT 1 AS ok', signal);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw toWarehouseError(err, `could not connect to ${connection.type} at ${connection.host ?? '127.0.0.1'}:${connection.port ?? 3306}/${database}`);
    }
    return session;
  }

  listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    return listTables(this.catalog(), filter.schemas);
  }

  listSchemas(): Promise<string[]> {
    return listSchemas(this.catalog());
  }

  describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    return describeTables(this.catalog(signal), refs);
  }

  /** Two catalog queries for the whole batch: the tables' times, and their columns. */
  async changeSignals(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>> {
    const catalog = this.catalog(signal);
    return changeSignals(catalog, refs, await describeTables(catalog, refs));
  }

  async execute(sql: string, signal?: AbortSignal): Promise<Row[]> {
    let release: (() => void) | undefined;
    try {
      release = await this.statements.acquire(signal);
      // Text protocol: results arrive as the server prints them (exact BIGINT and DECIMAL text).
      return await this.query((c, text) => c.query(text), sql, signal);
    } catch (err) {
      throw toWarehouseError(err);
    } finally {
      release?.();
    }
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end().catch(() => undefined);
    return this.closed;
  }

  /** Catalog queries use server-side placeholders, so table names never become SQL text. */
  private catalog(signal?: AbortSignal): CatalogQuery {
    return async (sql, params) => {
      try {
        return await this.query((c, text) => c.execute(text, [...params]), sql, signal);
      } catch (err) {
        throw toWarehouseError(err, 'catalog query failed');
      }
    };
  }

  private async query(send: (conn: PoolConnection, sql: string) => Promise<[unknown, unknown]>, sql: string, signal?: AbortSignal): Promise<Row[]> {
    const conn = await acquireConnection(this.pool, signal);
    return runCancellable(
      conn,
      async (c) => {
        const [rows] = await send(c, this.comment + sql);
        return Array.isArray(rows) ? (rows as Row[]) : [];
      },
      { signal, kill: (threadId) => this.kill(threadId) },
    );
  }

  /** KILL QUERY stops the statement and keeps the connection; it runs on another pooled connection. */
  private async kill(threadId: number): Promise<void> {
    if (!Number.isSafeInteger(threadId) || threadId <= 0) return;
    await this.pool.query(`KILL QUERY ${threadId}`);
  }
}
