import {
  createRedactor,
  type ConnectOptions,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type QueryResult,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { describeStatement, listTablesStatement, rowEstimatesStatement, toDescriptions, toDiscoveredTables, type CatalogStatement } from './catalog.js';
import { parseRedshiftOptions } from './connection-options.js';
import { DataApi } from './data-api.js';
import { redshiftDialect } from './dialect.js';
import { RunIdentity } from './run-identity.js';
import { StatementRunner } from './statement-runner.js';

/**
 * One run's access to a Redshift database through the Data API. Nothing is held open between
 * statements (the service keeps no connection for us), so there is no pool: the scheduler's
 * limit on statements in flight is the only limit.
 */
export class RedshiftSession implements WarehouseSession {
  readonly dialect = redshiftDialect;

  private constructor(
    private readonly api: DataApi,
    private readonly runner: StatementRunner,
    readonly defaultSchema: string,
  ) {}

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<RedshiftSession> {
    const settings = parseRedshiftOptions(connection);
    const api = await DataApi.open(settings);
    const runner = new StatementRunner(api, settings.polling, new RunIdentity(options.runId), createRedactor(settings.secrets));
    return new RedshiftSession(api, runner, settings.schema);
  }

  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    if (filter.schemas.length === 0) return [];
    // One after the other: a sequential run's policy allows one statement in flight.
    const tables = await this.catalog(listTablesStatement(filter.schemas));
    const estimates = await this.catalog(rowEstimatesStatement(filter.schemas));
    return toDiscoveredTables(filter.schemas, tables.rows, estimates.rows);
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const { rows } = await this.catalog(describeStatement(refs), signal);
    return toDescriptions(rows);
  }

  execute(sql: string, signal?: AbortSignal): Promise<QueryResult> {
    return this.runner.run(sql, [], signal);
  }

  async close(): Promise<void> {
    this.api.close();
  }

  private catalog(statement: CatalogStatement, signal?: AbortSignal): Promise<QueryResult> {
    return this.runner.run(statement.sql, statement.parameters, signal);
  }
}
