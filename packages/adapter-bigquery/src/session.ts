import {
  ConfigError,
  WarehouseError,
  type ChangeSignal,
  type ConnectOptions,
  type ConnectionConfig,
  type Dialect,
  type DiscoveredTable,
  type ListTablesFilter,
  type QueryResult,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { openBigQueryApi } from './bigquery-api.js';
import { changeSignalsQuery, describeTablesQuery, listTablesQuery, toChangeSignals, toDescriptions, toDiscoveredTable } from './catalog.js';
import { bigqueryDialect } from './dialect.js';
import { jobLabels } from './job-labels.js';
import { parseSettings } from './options.js';
import { QueryRunner } from './query-runner.js';

/**
 * One run's access to BigQuery. Every statement, catalog queries included, is one query job
 * labelled with the run id; nothing stays open between jobs, so closing releases nothing.
 */
export class BigQuerySession implements WarehouseSession {
  private constructor(
    private readonly runner: QueryRunner,
    private readonly project: string,
    readonly dialect: Dialect,
    readonly defaultSchema: string,
  ) {}

  /** Validates the config and builds the client; no request is made until the first query. */
  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<BigQuerySession> {
    const settings = parseSettings(connection);
    const api = await openBigQueryApi(settings);
    const statementSeconds = options.timeouts?.statementSeconds;
    const runner = new QueryRunner(api, {
      ...(settings.location ? { location: settings.location } : {}),
      labels: jobLabels(options.runId, settings.labels),
      ...(settings.maximumBytesBilled ? { maximumBytesBilled: settings.maximumBytesBilled } : {}),
      ...(statementSeconds ? { jobTimeoutMs: Math.ceil(statementSeconds * 1000) } : {}),
    });
    const dialect = bigqueryDialect(settings.project, settings.maxExpressionsPerStatement);
    return new BigQuerySession(runner, settings.project, dialect, settings.defaultDataset ?? '');
  }

  /** One catalog query per dataset, one dataset at a time; a dataset that does not exist has no tables. */
  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    const tables: DiscoveredTable[] = [];
    for (const dataset of filter.schemas) {
      if (dataset === '') {
        throw new ConfigError('source.schema: set the default dataset, or give `schema:` (a dataset) on every profiling.tables entry');
      }
      const { sql, params } = listTablesQuery(this.project, dataset);
      try {
        const { rows } = await this.runner.run(sql, { params });
        tables.push(...rows.map((row) => toDiscoveredTable(dataset, row)));
      } catch (err) {
        if (!isMissingDataset(err)) throw err;
      }
    }
    return tables;
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const { sql, params } = describeTablesQuery(this.project, refs);
    const { rows } = await this.runner.run(sql, { params, ...(signal ? { signal } : {}) });
    return toDescriptions(rows);
  }

  /** One metadata query for the whole selection (see catalog.ts for what the token covers). */
  async changeSignals(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>> {
    if (refs.length === 0) return new Map();
    const { sql, params } = changeSignalsQuery(this.project, refs);
    const { rows } = await this.runner.run(sql, { params, ...(signal ? { signal } : {}) });
    return toChangeSignals(rows);
  }

  async execute(sql: string, signal?: AbortSignal): Promise<QueryResult> {
    const { rows, jobId, bytesProcessed, queuedMs } = await this.runner.run(sql, signal ? { signal } : {});
    return {
      rows,
      queryId: jobId,
      ...(bytesProcessed !== undefined ? { bytesProcessed } : {}),
      ...(queuedMs !== undefined ? { queuedMs } : {}),
    };
  }

  async close(): Promise<void> {}
}

function isMissingDataset(err: unknown): boolean {
  return err instanceof WarehouseError && err.driverCode === 'notFound' && /Not found: Dataset/i.test(err.message);
}
