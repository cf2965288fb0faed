import type { SqlDriver } from '../adapter/sql-driver.js';
import type { StoreShape } from './store-shape.js';

/** Raw (unquoted) names of the store's tables. */
export interface StoreTableNames {
  readonly runs: string;
  readonly results: string;
  /** This product's drift events (`baselinr_drift_events`; named `baselinr_events` before layout 5). */
  readonly events: string;
  /** Baselinr's events table (`baselinr_events`), which Baselinr's CLI and dashboard read. */
  readonly baselinrEvents: string;
  readonly summaries: string;
  readonly timings: string;
  /** Duration and error of each table run, where the runs table is Baselinr's (which has neither). */
  readonly outcomes: string;
  /** Each table run's partition filter and sample (layout 7). */
  readonly rowSelections: string;
  /** Each run's liveness: host, process and last heartbeat (layout 8). */
  readonly heartbeats: string;
  /** Baselinr's version table: this product recorded its layout there before layout 5. */
  readonly version: string;
  /** This product's layout versions (layout 5 on), so Baselinr's own numbering is never touched. */
  readonly layout: string;
}

export interface StoreIndex {
  readonly name: string;
  readonly table: string;
  readonly columns: string;
}

/** One step of the results layout: applying it is idempotent (CREATE ... IF NOT EXISTS). */
export interface StoreMigration {
  readonly version: number;
  readonly description: string;
  readonly tables: readonly string[];
  readonly indexes: readonly StoreIndex[];
  /** Changes to existing tables, applied once (when the step is not yet recorded). */
  readonly alterations?: readonly string[];
}

/**
 * The layout, version by version. A fresh store applies every step; an older store gets the
 * steps it lacks. Only portable DDL: the column types come from the driver.
 */
export function storeMigrations(
  names: StoreTableNames,
  driver: Pick<SqlDriver, 'quoteIdentifier' | 'types' | 'widenText'>,
  shape: Pick<StoreShape, 'runs' | 'events'>,
): StoreMigration[] {
  const q = driver.quoteIdentifier;
  const { id, text, key, timestamp, double } = driver.types;
  // Baselinr's tables are never altered: its CLI and dashboard go on reading them as they are.
  const runsAreBaselinrs = shape.runs === 'baselinr';
  const widen = (columns: readonly (readonly [string, string])[]) =>
    driver.widenText ? columns.filter(([table]) => !(runsAreBaselinrs && (table === names.runs || table === names.results))).map(([t, c]) => driver.widenText!(q(t), q(c))) : [];
  return [
    {
      version: 1,
      description: `${names.runs}, ${names.results}`,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.runs)} (run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
          `profiled_at ${timestamp} NOT NULL, environment ${key}, status ${key} NOT NULL, row_count ${double}, column_count INTEGER, ` +
          `duration_seconds ${double}, error_message ${text}, PRIMARY KEY (run_id, dataset_name, schema_name))`,
        `CREATE TABLE IF NOT EXISTS ${q(names.results)} (id ${id}, run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
          `column_name ${key} NOT NULL, column_type ${key}, metric_name ${key} NOT NULL, metric_value ${text}, profiled_at ${timestamp} NOT NULL)`,
      ],
      indexes: runsAreBaselinrs
        ? []
        : [
            { name: `${names.results}_run_idx`, table: names.results, columns: 'run_id, dataset_name' },
            { name: `${names.runs}_dataset_idx`, table: names.runs, columns: 'dataset_name, schema_name, profiled_at' },
          ],
    },
    {
      version: 2,
      description: names.events,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.events)} (event_id ${id}, run_id ${key} NOT NULL, baseline_run_id ${key} NOT NULL, ` +
          `dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, column_name ${key}, metric_name ${key}, event_type ${key} NOT NULL, ` +
          `baseline_value ${text}, current_value ${text}, change_percent ${double}, severity ${key} NOT NULL, note ${text}, detected_at ${timestamp} NOT NULL)`,
      ],
      indexes: [
        { name: `${names.events}_run_idx`, table: names.events, columns: 'run_id, dataset_name, schema_name' },
        { name: `${names.events}_dataset_idx`, table: names.events, columns: 'dataset_name, schema_name, detected_at' },
      ],
    },
    {
      // New tables rather than new columns: ALTER TABLE ... ADD COLUMN is not idempotent on every
      // database, and baselinr_runs keeps Baselinr's columns.
      version: 3,
      description: `${names.summaries}, ${names.timings}`,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.summaries)} (run_id ${key} NOT NULL PRIMARY KEY, environment ${key}, warehouse ${key} NOT NULL, status ${key} NOT NULL, ` +
          `started_at ${timestamp} NOT NULL, finished_at ${timestamp}, requested_workers INTEGER NOT NULL, effective_workers INTEGER NOT NULL, ` +
          `pool_size INTEGER, table_count INTEGER NOT NULL, worker_clamps ${text}, concurrency_changes ${text})`,
        `CREATE TABLE IF NOT EXISTS ${q(names.timings)} (run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, worker INTEGER, ` +
          `started_at ${timestamp} NOT NULL, finished_at ${timestamp} NOT NULL, statement_count INTEGER NOT NULL, statement_attempts INTEGER NOT NULL, ` +
          `retries INTEGER NOT NULL, PRIMARY KEY (run_id, dataset_name, schema_name))`,
      ],
      indexes: [{ name: `${names.summaries}_started_idx`, table: names.summaries, columns: 'started_at' }],
    },
    {
      // A metric's value can be any length (a PostgreSQL numeric of 70,001 digits): stores whose
      // text type is bounded (MySQL's TEXT, 64 KB) get the unbounded one; others need nothing.
      version: 4,
      description: 'text columns hold values of any length',
      tables: [],
      indexes: [],
      alterations: widen([
        [names.results, 'metric_value'],
        [names.runs, 'error_message'],
        [names.events, 'baseline_value'],
        [names.events, 'current_value'],
        [names.events, 'note'],
        [names.summaries, 'worker_clamps'],
        [names.summaries, 'concurrency_changes'],
      ]),
    },
    {
      // Both tools on one store: Baselinr's events table (the columns its readers select), and
      // where the runs table is Baselinr's, a side table for what it has no column for. Only new
      // tables, so a MySQL store (whose DDL does not roll back) is never left half-changed.
      version: 5,
      description: `${names.baselinrEvents} as Baselinr reads it${runsAreBaselinrs ? `, ${names.outcomes}` : ''}`,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.baselinrEvents)} (event_id VARCHAR(36) NOT NULL PRIMARY KEY, event_type VARCHAR(100) NOT NULL, run_id VARCHAR(36), ` +
          `table_name VARCHAR(255), column_name VARCHAR(255), metric_name VARCHAR(100), baseline_value ${double}, current_value ${double}, change_percent ${double}, ` +
          `drift_severity VARCHAR(20), ${q('timestamp')} ${timestamp} NOT NULL, metadata ${text}, created_at ${timestamp})`,
        ...(runsAreBaselinrs
          ? [
              `CREATE TABLE IF NOT EXISTS ${q(names.outcomes)} (run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
                `duration_seconds ${double}, error_message ${text}, PRIMARY KEY (run_id, dataset_name, schema_name))`,
            ]
          : []),
      ],
      // Baselinr's own name for it, so Baselinr's CREATE INDEX IF NOT EXISTS finds it there.
      indexes: shape.events === 'baselinr' ? [] : [{ name: 'idx_events_run_id', table: names.baselinrEvents, columns: 'run_id' }],
    },
    {
      // A marker, no layout change: its applied_at tells runs stored with the earlier metric
      // meanings from runs stored with Baselinr's, so drift never compares the two.
      version: 6,
      description: "metric meanings are Baselinr's: count is rows, ratios over rows, min/max of strings and booleans",
      tables: [],
      indexes: [],
    },
    {
      // Beside the metrics, the rows they cover: a table profiled whole has no row here. JSON text, like
      // Baselinr's partition_config and sampling_config metadata, plus the SQL that applied each.
      version: 7,
      description: names.rowSelections,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.rowSelections)} (run_id ${key} NOT NULL, dataset_name ${key} NOT NULL, schema_name ${key} NOT NULL, ` +
          `partition_config ${text}, sampling_config ${text}, notes ${text}, PRIMARY KEY (run_id, dataset_name, schema_name))`,
      ],
      indexes: [],
    },
    {
      // Its own table, rewritten every few seconds, so beats never touch the rows reports read.
      version: 8,
      description: names.heartbeats,
      tables: [
        `CREATE TABLE IF NOT EXISTS ${q(names.heartbeats)} (run_id ${key} NOT NULL PRIMARY KEY, host ${key} NOT NULL, pid INTEGER NOT NULL, heartbeat_at ${timestamp} NOT NULL)`,
      ],
      indexes: [],
    },
  ];
}
