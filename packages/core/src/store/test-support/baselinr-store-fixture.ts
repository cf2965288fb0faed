/**
 * A results store as Baselinr (the Python original) makes and fills it, written from the facts of
 * its storage code, not copied from it:
 * - `baselinr/storage/writer.py` `_create_tables`: SQLAlchemy tables `baselinr_runs` (primary key
 *   run_id + dataset_name, schema_name nullable, DateTime profiled_at, status VARCHAR(20)) and
 *   `baselinr_results` (integer autoincrement id, metric_value Text); `_create_events_table`: the
 *   events table per dialect (REAL on SQLite, FLOAT elsewhere); `schema_version.py`: its version
 *   table with migration_script and checksum, and version 7 recorded.
 * - `_write_run` / `_write_metrics`: status `completed`, environment `development`, every metric
 *   value as Python's `str()` (`100`, `0.0`, a histogram as a list of dicts), naive UTC times.
 * - `events/builtin_hooks.py` `SQLEventHook`: a uuid event_id, the event type name
 *   (`DataDriftDetected`), fields copied out of the metadata, and the metadata as JSON text.
 * And the SELECT statements Baselinr's readers issue (`baselinr/query/client.py`), with literals
 * in place of their bound parameters.
 */

export type StoreDialect = 'sqlite' | 'postgres' | 'mysql';

/** SQLAlchemy's DateTime and an integer autoincrement key, per dialect. */
const TYPES: Record<StoreDialect, { datetime: string; id: string; float: string }> = {
  sqlite: { datetime: 'DATETIME', id: 'INTEGER NOT NULL PRIMARY KEY', float: 'REAL' },
  postgres: { datetime: 'TIMESTAMP WITHOUT TIME ZONE', id: 'SERIAL NOT NULL PRIMARY KEY', float: 'FLOAT' },
  mysql: { datetime: 'DATETIME', id: 'INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY', float: 'FLOAT' },
};

/** Baselinr's tables, as its writer creates them on `dialect`. */
export function baselinrStoreDdl(dialect: StoreDialect): string[] {
  const { datetime, id, float } = TYPES[dialect];
  return [
    `CREATE TABLE baselinr_runs (run_id VARCHAR(36) NOT NULL, dataset_name VARCHAR(255) NOT NULL, schema_name VARCHAR(255), profiled_at ${datetime} NOT NULL, ` +
      'environment VARCHAR(50), status VARCHAR(20), row_count INTEGER, column_count INTEGER, PRIMARY KEY (run_id, dataset_name))',
    `CREATE TABLE baselinr_results (id ${id}, run_id VARCHAR(36) NOT NULL, dataset_name VARCHAR(255) NOT NULL, schema_name VARCHAR(255), ` +
      `column_name VARCHAR(255) NOT NULL, column_type VARCHAR(100), metric_name VARCHAR(100) NOT NULL, metric_value TEXT, profiled_at ${datetime} NOT NULL)`,
    'CREATE TABLE baselinr_events (event_id VARCHAR(36) PRIMARY KEY, event_type VARCHAR(100) NOT NULL, run_id VARCHAR(36), table_name VARCHAR(255), ' +
      `column_name VARCHAR(255), metric_name VARCHAR(100), baseline_value ${float}, current_value ${float}, change_percent ${float}, drift_severity VARCHAR(20), ` +
      'timestamp TIMESTAMP NOT NULL, metadata TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)',
    'CREATE INDEX idx_events_run_id ON baselinr_events (run_id)',
    'CREATE TABLE baselinr_schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, ' +
      'description VARCHAR(500), migration_script VARCHAR(255), checksum VARCHAR(64))',
  ];
}

/** Baselinr's two runs of `orders` (in schema `public` unless the fixture is given another), the older first. */
export const BASELINR_RUNS = [
  { runId: '3f0c2a57-6d8e-4b1a-9c41-0a5e7d2b9f10', profiledAt: '2025-03-01 08:00:00.000000', rowCount: 100, mean: '50.5', nullCount: '0' },
  { runId: '8b7d4e21-1c3f-4a6b-8e90-5f2a1d3c7b44', profiledAt: '2025-03-02 08:00:00.000000', rowCount: 100, mean: '51.0', nullCount: '0' },
] as const;

export const BASELINR_EVENT_ID = 'c2f1e0d9-8a7b-4c6d-9e5f-4a3b2c1d0e9f';

/** The rows Baselinr's writer and event hook leave after profiling `<schema>.orders` twice. */
export function baselinrStoreRows(schema = 'public'): string[] {
  const statements = ["INSERT INTO baselinr_schema_version (version, description, migration_script) VALUES (7, 'Initial schema version', 'schema.sql')"];
  for (const run of BASELINR_RUNS) {
    statements.push(
      `INSERT INTO baselinr_runs (run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count) ` +
        `VALUES ('${run.runId}', 'orders', '${schema}', '${run.profiledAt}', 'development', 'completed', ${run.rowCount}, 2)`,
    );
    const metrics: [string, string, string, string][] = [
      ['id', 'INTEGER', 'count', String(run.rowCount)],
      ['id', 'INTEGER', 'null_count', run.nullCount],
      ['id', 'INTEGER', 'null_ratio', '0.0'],
      ['id', 'INTEGER', 'mean', run.mean],
      ['id', 'INTEGER', 'histogram', "[{'bin_start': 1.0, 'bin_end': 50.5, 'count': 50}, {'bin_start': 50.5, 'bin_end': 100.0, 'count': 50}]"],
      ['status', 'VARCHAR(20)', 'distinct_count', '3'],
    ];
    for (const [column, type, metric, value] of metrics) {
      statements.push(
        `INSERT INTO baselinr_results (run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at) ` +
          `VALUES ('${run.runId}', 'orders', '${schema}', '${column}', '${type}', '${metric}', '${value.replaceAll("'", "''")}', '${run.profiledAt}')`,
      );
    }
  }
  const [, latest] = BASELINR_RUNS;
  const metadata = JSON.stringify({
    table: 'orders',
    column: 'id',
    metric: 'mean',
    baseline_value: 50.5,
    current_value: 51.0,
    change_percent: 0.99,
    drift_severity: 'low',
    explanation: null,
    run_id: latest.runId,
  });
  statements.push(
    'INSERT INTO baselinr_events (event_id, event_type, run_id, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, timestamp, metadata) ' +
      `VALUES ('${BASELINR_EVENT_ID}', 'DataDriftDetected', '${latest.runId}', 'orders', 'id', 'mean', 50.5, 51.0, 0.99, 'low', '${latest.profiledAt}', '${metadata}')`,
  );
  return statements;
}

/** Baselinr's tables with the order that makes their rows comparable before and after. */
export const BASELINR_TABLES = {
  baselinr_runs: 'run_id, dataset_name',
  baselinr_results: 'id',
  baselinr_events: 'event_id',
  baselinr_schema_version: 'version',
} as const;

/** What Baselinr's `QueryClient` selects, per reader (its named parameters given as literals). */
export const baselinrReaders = {
  queryRuns: (status: string) =>
    'SELECT run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count FROM baselinr_runs ' +
    `WHERE status = '${status}' ORDER BY profiled_at DESC LIMIT 100 OFFSET 0`,
  runDetails: (runId: string) => [
    `SELECT run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count FROM baselinr_runs WHERE run_id = '${runId}' LIMIT 1`,
    `SELECT column_name, column_type, metric_name, metric_value FROM baselinr_results WHERE run_id = '${runId}' ORDER BY column_name, metric_name`,
  ],
  driftEvents: (table: string) =>
    'SELECT event_id, event_type, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, timestamp ' +
    `FROM baselinr_events WHERE table_name = '${table}' ORDER BY timestamp DESC LIMIT 100 OFFSET 0`,
  tableHistory: (table: string, schema: string) =>
    `SELECT run_id, profiled_at, status, row_count, column_count FROM baselinr_runs WHERE dataset_name = '${table}' AND schema_name = '${schema}' ORDER BY profiled_at DESC`,
  runEvents: (runId: string) =>
    'SELECT event_id, event_type, run_id, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, timestamp, metadata ' +
    `FROM baselinr_events WHERE run_id = '${runId}' ORDER BY timestamp DESC`,
  /** The writer's baseline for drift: the dataset's latest run, whatever its status. */
  latestRun: (table: string, schema: string) => `SELECT run_id FROM baselinr_runs WHERE dataset_name = '${table}' AND schema_name = '${schema}' ORDER BY profiled_at DESC LIMIT 1`,
  /** How its writer decides that the events table exists (and so creates none of its own). */
  eventsTableExists: 'SELECT 1 FROM baselinr_events LIMIT 1',
};

/** Baselinr's writer storing one table's run (`_write_run`, `_write_metrics`) on any store. */
export function baselinrWrites(runId: string, table: string, profiledAt: string): string[] {
  return [
    `SELECT run_id FROM baselinr_runs WHERE run_id = '${runId}' AND dataset_name = '${table}' LIMIT 1`,
    'INSERT INTO baselinr_runs (run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count) ' +
      `VALUES ('${runId}', '${table}', 'public', '${profiledAt}', 'development', 'completed', 7, 1)`,
    'INSERT INTO baselinr_results (run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at) ' +
      `VALUES ('${runId}', '${table}', 'public', 'id', 'INTEGER', 'count', '7', '${profiledAt}')`,
  ];
}
