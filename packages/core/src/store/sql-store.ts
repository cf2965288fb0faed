import type { Row, TableRef } from '../adapter/contract.js';
import type { MetricValue } from '../plan/metrics.js';
import { STORE_SCHEMA_VERSION, tableKey, type ResultsStore, type TableRunRecord } from './contract.js';

/** The few things a SQL database must provide for core to keep results in it. */
export interface StoreDriver {
  readonly quoteIdentifier: (name: string) => string;
  /** Placeholder for the i-th (0-based) parameter: `?` or `$1`. */
  readonly placeholder: (index: number) => string;
  /** Column types: an auto-increment primary key, long text, a timestamp, a double. */
  readonly types: { readonly id: string; readonly text: string; readonly key: string; readonly timestamp: string; readonly double: string };
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction(work: (query: (sql: string, params?: readonly unknown[]) => Promise<Row[]>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface SqlStoreTables {
  readonly resultsTable: string;
  readonly runsTable: string;
}

/** Baselinr's results layout on any SQL database, shared by every adapter that offers a store. */
export class SqlResultsStore implements ResultsStore {
  constructor(
    private readonly driver: StoreDriver,
    private readonly tables: SqlStoreTables,
  ) {}

  private get names() {
    const q = this.driver.quoteIdentifier;
    return { runs: q(this.tables.runsTable), results: q(this.tables.resultsTable), version: q('baselinr_schema_version') };
  }

  async ensureSchema(): Promise<void> {
    const { runs, results, version } = this.names;
    const { id, text, key, timestamp, double } = this.driver.types;
    const statements = [
      `CREATE TABLE IF NOT EXISTS ${version} (version INTEGER NOT NULL PRIMARY KEY, applied_at ${timestamp} NOT NULL, description ${text})`,
      `CREATE TABLE IF NOT EXISTS ${runs} (run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
        `profiled_at ${timestamp} NOT NULL, environment ${key}, status ${key} NOT NULL, row_count ${double}, column_count INTEGER, ` +
        `duration_seconds ${double}, error_message ${text}, PRIMARY KEY (run_id, dataset_name, schema_name))`,
      `CREATE TABLE IF NOT EXISTS ${results} (id ${id}, run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
        `column_name ${key} NOT NULL, column_type ${key}, metric_name ${key} NOT NULL, metric_value ${text}, profiled_at ${timestamp} NOT NULL)`,
    ];
    for (const sql of statements) await this.driver.query(sql);
    await this.createIndex(`${this.tables.resultsTable}_run_idx`, results, 'run_id, dataset_name');
    await this.createIndex(`${this.tables.runsTable}_dataset_idx`, runs, 'dataset_name, schema_name, profiled_at');
    const p = this.driver.placeholder;
    const existing = await this.driver.query(`SELECT version FROM ${version} WHERE version = ${p(0)}`, [STORE_SCHEMA_VERSION]);
    if (existing.length === 0) {
      await this.driver.query(`INSERT INTO ${version} (version, applied_at, description) VALUES (${p(0)}, ${p(1)}, ${p(2)})`, [
        STORE_SCHEMA_VERSION,
        new Date(),
        'baselinr_runs, baselinr_results',
      ]);
    }
  }

  /** CREATE INDEX IF NOT EXISTS is not in MySQL; an existing index is detected by its error instead. */
  private async createIndex(name: string, table: string, columns: string): Promise<void> {
    try {
      await this.driver.query(`CREATE INDEX ${this.driver.quoteIdentifier(name)} ON ${table} (${columns})`);
    } catch (err) {
      if (!/exist|duplicate/i.test(String((err as Error).message))) throw err;
    }
  }

  async saveTableRun(record: TableRunRecord): Promise<void> {
    const { runs, results } = this.names;
    const p = this.driver.placeholder;
    const list = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => p(offset + i)).join(', ');
    const rows = record.columns.flatMap((column) =>
      Object.entries(column.metrics).map(([metric, value]) => [
        record.runId,
        record.table,
        record.schema,
        column.column,
        column.dataType,
        metric,
        serialiseMetric(value),
        record.profiledAt,
      ]),
    );
    await this.driver.transaction(async (query) => {
      await query(
        `INSERT INTO ${runs} (run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count, duration_seconds, error_message) VALUES (${list(10)})`,
        [
          record.runId,
          record.table,
          record.schema,
          record.profiledAt,
          record.environment,
          record.status,
          record.rowCount,
          record.columnCount,
          record.durationSeconds,
          record.error,
        ],
      );
      // Multi-row inserts in slices keep the parameter count under every driver's limit.
      const perInsert = 100;
      for (let i = 0; i < rows.length; i += perInsert) {
        const slice = rows.slice(i, i + perInsert);
        const values = slice.map((_, r) => `(${list(8, r * 8)})`).join(', ');
        await query(
          `INSERT INTO ${results} (run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at) VALUES ${values}`,
          slice.flat(),
        );
      }
    });
  }

  async lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>> {
    const { runs } = this.names;
    const wanted = new Set(tables.map(tableKey));
    const rows = await this.driver.query(
      `SELECT r.schema_name, r.dataset_name, r.duration_seconds FROM ${runs} r ` +
        `JOIN (SELECT schema_name, dataset_name, MAX(profiled_at) AS latest FROM ${runs} WHERE status = 'succeeded' GROUP BY schema_name, dataset_name) l ` +
        `ON r.schema_name = l.schema_name AND r.dataset_name = l.dataset_name AND r.profiled_at = l.latest WHERE r.status = 'succeeded'`,
    );
    const durations = new Map<string, number>();
    for (const row of rows) {
      const key = tableKey({ schema: String(row.schema_name), table: String(row.dataset_name) });
      if (wanted.has(key)) durations.set(key, Number(row.duration_seconds));
    }
    return durations;
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

export function serialiseMetric(value: MetricValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
