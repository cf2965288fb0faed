import {
  COMMENT_TAG_SOURCE,
  createRedactor,
  WarehouseError,
  type ConnectOptions,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type QueryResult,
  type Row,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import {
  describeStatement,
  listSchemasStatement,
  listTablesStatement,
  reltuplesStatement,
  rowEstimatesStatement,
  tableCommentsStatement,
  toDescriptions,
  toDiscoveredTables,
  toTags,
  type CatalogStatement,
} from './catalog.js';
import { parseRedshiftOptions } from './connection-options.js';
import { DataApi } from './data-api.js';
import { redshiftDialect } from './dialect.js';
import { foldedSchemas, foldingWarning, foldName } from './name-folding.js';
import { RunIdentity } from './run-identity.js';
import { StatementRunner } from './statement-runner.js';
import type { StatementExecutor } from './statement-executor.js';
import { openWireExecutor } from './wire-executor.js';
import { usesWireProtocol } from './wire-options.js';

/** Why SVV_TABLE_INFO may show nothing to the run's user, and what restores it. */
const ESTIMATES_FALLBACK_WARNING =
  'Redshift: SVV_TABLE_INFO gave no row estimate for any listed table (it shows ordinary users only tables they own); ' +
  'using pg_class.reltuples, which only ANALYZE updates, so tables may be ordered by stale sizes. ' +
  'Run as a superuser or grant SYSLOG ACCESS UNRESTRICTED (ALTER USER ... SYSLOG ACCESS UNRESTRICTED) for current estimates';

/** Catalog failures that mean "this user may not read SVV_TABLE_INFO", not "the run cannot go on". */
const UNREADABLE: ReadonlySet<string> = new Set(['permission_denied', 'object_not_found']);

/**
 * One run's access to a Redshift database: through the Data API (nothing held open between
 * statements, so the scheduler's limit on statements in flight is the only limit) or, when the
 * config names a host, over the PostgreSQL wire protocol with a pool of connections.
 */
export class RedshiftSession implements WarehouseSession {
  readonly dialect = redshiftDialect;
  readonly tagSource = COMMENT_TAG_SOURCE;
  /** Configured schema to the spelling Redshift lists it under, for schemas found only after folding. */
  private folded = new Map<string, string>();
  private readonly warned = new Set<string>();

  private constructor(
    private readonly executor: StatementExecutor,
    readonly defaultSchema: string,
  ) {}

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<RedshiftSession> {
    if (usesWireProtocol(connection)) return new RedshiftSession(await openWireExecutor(connection, options), connection.schema?.trim() || 'public');
    const settings = parseRedshiftOptions(connection);
    const api = await DataApi.open(settings);
    const runner = new StatementRunner(api, settings.polling, new RunIdentity(options.runId), createRedactor(settings.secrets));
    const executor: StatementExecutor = { run: (sql, parameters, signal) => runner.run(sql, parameters, signal), close: async () => api.close() };
    return new RedshiftSession(executor, settings.schema);
  }

  async listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    if (filter.schemas.length === 0) return [];
    const lookup = [...new Set([...filter.schemas, ...filter.schemas.map(foldName)])];
    // One after the other: a sequential run's policy allows one statement in flight.
    const { rows: found } = await this.catalog(listTablesStatement(lookup));
    this.folded = foldedSchemas(filter.schemas, new Set(found.map((r) => String(r.table_schema))));
    for (const [configured, catalog] of this.folded) this.warnOnce(foldingWarning(configured, catalog), 'BASELINR_REDSHIFT_NAME_FOLDED');
    const configured = new Set(filter.schemas);
    const tables = this.asConfigured(found).filter((r) => configured.has(String(r.table_schema)));
    const schemas = [...new Set(tables.map((t) => String(t.table_schema)))].map((s) => this.folded.get(s) ?? s);
    const estimates = tables.length === 0 ? [] : this.asConfigured(await this.rowEstimates(schemas));
    const comments = tables.length > 0 && filter.tags ? this.asConfigured((await this.catalog(tableCommentsStatement(schemas))).rows) : [];
    return toDiscoveredTables(filter.schemas, tables, estimates, toTags(comments));
  }

  async listSchemas(): Promise<string[]> {
    return (await this.catalog(listSchemasStatement())).rows.map((r) => String(r.schema_name));
  }

  async describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    if (refs.length === 0) return [];
    const asCataloged = refs.map((r) => ({ ...r, schema: this.folded.get(r.schema) ?? r.schema }));
    const { rows } = await this.catalog(describeStatement(asCataloged), signal);
    return toDescriptions(this.asConfigured(rows));
  }

  execute(sql: string, signal?: AbortSignal): Promise<QueryResult> {
    return this.executor.run(sql, [], signal);
  }

  close(): Promise<void> {
    return this.executor.close();
  }

  /**
   * SVV_TABLE_INFO's estimates, or pg_class.reltuples with one warning when it shows nothing:
   * SVV_TABLE_INFO shows ordinary users only their own tables (and PostgreSQL peers have none).
   */
  private async rowEstimates(schemas: readonly string[]): Promise<Row[]> {
    const fromTableInfo = await this.catalog(rowEstimatesStatement(schemas)).then(
      (r) => r.rows,
      (err: unknown) => {
        if (err instanceof WarehouseError && UNREADABLE.has(err.kind)) return [];
        throw err;
      },
    );
    if (fromTableInfo.length > 0) return fromTableInfo;
    this.warnOnce(ESTIMATES_FALLBACK_WARNING, 'BASELINR_REDSHIFT_ROW_ESTIMATES');
    return (await this.catalog(reltuplesStatement(schemas))).rows;
  }

  /** Catalog rows with each folded schema under its configured spelling, so core matches them to the config. */
  private asConfigured(rows: readonly Row[]): Row[] {
    if (this.folded.size === 0) return [...rows];
    const back = new Map([...this.folded].map(([configured, catalog]) => [catalog, configured]));
    return rows.map((r) => ({ ...r, table_schema: back.get(String(r.table_schema)) ?? r.table_schema }));
  }

  /** Node's warning channel (printed on stderr by the CLI), once per message per run. */
  private warnOnce(message: string, code: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    process.emitWarning(message, { code });
  }

  private catalog(statement: CatalogStatement, signal?: AbortSignal): Promise<QueryResult> {
    return this.executor.run(statement.sql, statement.parameters, signal);
  }
}
