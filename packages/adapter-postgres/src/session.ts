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
import { DESCRIBE_TABLES_SQL, LIST_SCHEMAS_SQL, LIST_TABLES_SQL, LIST_TABLES_WITH_SIGNALS_SQL, describeParams, toDescriptions, toDiscoveredTable } from './catalog.js';
import { CHANGE_SIGNALS_SQL, toChangeSignal, toChangeSignals } from './change-signal.js';
import { postgresDialect } from './dialect.js';
import { SESSION_SETTINGS, createPool } from './pool.js';
import { applicationName, poolConfig } from './pool-config.js';
import { StatementRunner } from './statement-runner.js';
import { connectionsToWarm } from './warm-up.js';

/** One run's connections to a PostgreSQL database: a pool sized by the run's pool policy. */
export class PostgresSession implements WarehouseSession {
  readonly dialect = postgresDialect;
  readonly tagSource = COMMENT_TAG_SOURCE;

  private constructor(
    private readonly runner: StatementRunner,
    readonly defaultSchema: string,
    private readonly policy: PoolPolicy,
    /** The server's connection headroom, read with the first connection's settings (undefined when hidden; unsettled if they failed, so nothing opens ahead). */
    private readonly headroom: Promise<number | undefined>,
  ) {}

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<PostgresSession> {
    const config = poolConfig(connection, {
      size: options.policy.size,
      applicationName: applicationName(options.runId),
      section: 'source',
    });
    let onHeadroom: (left: number | undefined) => void = () => undefined;
    const headroom = new Promise<number | undefined>((resolve) => (onHeadroom = resolve));
    const runner = new StatementRunner(createPool(config, SESSION_SETTINGS, { pipelined: true, onHeadroom: (left) => onHeadroom(left) }));
    try {
      // Fails fast, before any discovery, on a wrong host, database or password. The settings
      // and headroom reading travel with the first catalog query.
      await runner.checkConnection(options.signal);
    } catch (err) {
      await runner.close().catch(() => undefined);
      throw err;
    }
    return new PostgresSession(runner, connection.schema ?? 'public', options.policy, headroom);
  }

  /** Opens the first tables' connections once the headroom is known (it comes back with the first catalog query). */
  warmUp(statements: number): void {
    void this.headroom.then((left) => this.runner.openAhead(connectionsToWarm(this.policy, statements, left)));
  }

  /** With `filter.changeSignals` (an incremental run), each table comes with its change signal: no second catalog round trip. */
  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    if (filter.schemas.length === 0) return [];
    if (!filter.changeSignals) return (await this.runner.query(LIST_TABLES_SQL, [[...filter.schemas]])).map(toDiscoveredTable);
    const rows = await this.runner.query(LIST_TABLES_WITH_SIGNALS_SQL, [[...filter.schemas]]);
    return rows.map((row) => ({ ...toDiscoveredTable(row), changeSignal: toChangeSignal(row) }));
  }

  async listSchemas(): Promise<string[]> {
    return (await this.runner.query(LIST_SCHEMAS_SQL)).map((r) => String(r.nspname));
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const rows = await this.runner.query(DESCRIBE_TABLES_SQL, describeParams(refs), signal);
    return toDescriptions(rows);
  }

  /** One catalog query for every table (see change-signal.ts for what the token covers). */
  async changeSignals(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>> {
    if (refs.length === 0) return new Map();
    return toChangeSignals(await this.runner.query(CHANGE_SIGNALS_SQL, describeParams(refs), signal));
  }

  execute(sql: string, signal?: AbortSignal): Promise<Row[]> {
    return this.runner.query(sql, [], signal);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
