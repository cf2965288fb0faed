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
  type Row,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import { openBigQueryApi, type BigQueryApi } from './bigquery-api.js';
import {
  changeSignalsQuery,
  describeTablesQuery,
  listTablesQuery,
  partitionsQuery,
  toChangeSignals,
  toDescriptions,
  toDiscoveredTable,
  withPartitionStarts,
  type CatalogQuery,
} from './catalog.js';
import { bigqueryDialect } from './dialect.js';
import { toWarehouseError } from './errors.js';
import { jobLabels } from './job-labels.js';
import { LABEL_TAG_SOURCE } from './label-tags.js';
import { parseSettings, type BigQuerySettings } from './options.js';
import { QueryRunner } from './query-runner.js';
import { datasetsOfRunLocation, sameLocation } from './run-datasets.js';

/**
 * One run's access to BigQuery. Every statement, catalog queries included, is one query job
 * labelled with the run id; nothing stays open between jobs, so closing releases nothing.
 */
export class BigQuerySession implements WarehouseSession {
  readonly tagSource = LABEL_TAG_SOURCE;

  private constructor(
    private readonly api: BigQueryApi,
    private readonly runner: QueryRunner,
    private readonly settings: BigQuerySettings,
    readonly dialect: Dialect,
    readonly defaultSchema: string,
  ) {}

  private get project(): string {
    return this.settings.project;
  }

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
    return new BigQuerySession(api, runner, settings, dialect, settings.defaultDataset ?? '');
  }

  /**
   * One catalog query per dataset, one dataset at a time; a dataset that does not exist has no
   * tables. One that exists in another location than `extra_params.location` is a config error:
   * BigQuery answers both with the same "Not found: Dataset", so datasets.get tells them apart.
   * Tables' labels (their tags) are read in the same query, when the selection asks for tags.
   */
  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    const labels = filter.tags === true;
    const tables: DiscoveredTable[] = [];
    for (const dataset of filter.schemas) {
      if (dataset === '') {
        throw new ConfigError('source.schema: set the default dataset, or give `schema:` (a dataset) on every profiling.tables entry');
      }
      try {
        const rows = await this.catalog(listTablesQuery(this.project, dataset, { labels }));
        tables.push(...rows.map((row) => toDiscoveredTable(dataset, row)));
      } catch (err) {
        if (!isMissingDataset(err)) throw err;
        await this.failIfElsewhere(dataset);
      }
    }
    return tables;
  }

  /** The project's datasets in the run's location (see run-datasets.ts), from datasets.list: no job, nothing billed. */
  async listSchemas(): Promise<string[]> {
    const listed = await this.api.listDatasets().catch((err: unknown) => {
      throw toWarehouseError(err);
    });
    return datasetsOfRunLocation(listed, this.settings.location, this.defaultSchema, this.project);
  }

  /**
   * Runs a catalog query. BigQuery bills at least 10 MB for each table or view a query references,
   * metadata views included, so a byte cap below that refuses every catalog query: that is the
   * config's problem, not a table's, and the run stops with the figure BigQuery asked for.
   */
  private async catalog({ sql, params }: CatalogQuery, signal?: AbortSignal): Promise<Row[]> {
    try {
      return (await this.runner.run(sql, { params, ...(signal ? { signal } : {}) })).rows;
    } catch (err) {
      if (!(err instanceof WarehouseError && err.driverCode === 'bytesBilledLimitExceeded')) throw err;
      const required = /(\d+) or higher required/.exec(err.message)?.[1];
      throw new ConfigError(
        `source.extra_params.maximum_bytes_billed: ${this.settings.maximumBytesBilled} bytes is below what BigQuery bills for the catalog queries (at least 10 MB for each table or view a query references, INFORMATION_SCHEMA views and __TABLES__ included); raise it${required ? ` to at least ${required}` : ''}`,
      );
    }
  }

  private async failIfElsewhere(dataset: string): Promise<void> {
    const { location } = this.settings;
    const actual = await this.api.datasetLocation(dataset).catch((err: unknown) => {
      throw toWarehouseError(err);
    });
    if (actual === undefined || location === undefined || sameLocation(actual, location)) return;
    throw new ConfigError(
      `source.extra_params.location: dataset ${this.project}:${dataset} is in location ${actual}, but jobs run in ${location}, where BigQuery cannot see it; set extra_params.location: ${actual} (one run reads datasets of one location)`,
    );
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const descriptions = toDescriptions(await this.catalog(describeTablesQuery(this.project, refs), signal));
    const requiring = descriptions.filter((d) => d.partitioning?.requireFilter);
    if (requiring.length === 0) return descriptions;
    // Only these tables need their partitions listed: a filter on the newest partition start is one BigQuery prunes on.
    return withPartitionStarts(descriptions, await this.catalog(partitionsQuery(this.project, requiring), signal));
  }

  /** One metadata query for the whole selection (see catalog.ts for what the token covers). */
  async changeSignals(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>> {
    if (refs.length === 0) return new Map();
    return toChangeSignals(await this.catalog(changeSignalsQuery(this.project, refs), signal));
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
