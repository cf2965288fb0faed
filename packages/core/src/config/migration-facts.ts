/**
 * The facts docs/migrating-from-baselinr.md is generated from, beside the two config schemas:
 * where a key this version accepts means something else than in Baselinr, and Baselinr's CLI
 * flags, metrics and store columns. Update a row when the behaviour it describes changes.
 */
export type Support = 'same' | 'different' | 'not supported';
export interface Fact {
  readonly name: string;
  readonly support: Support;
  readonly how?: string;
}

const CONNECTION_DIFFERENCES = {
  type: "Baselinr's six types, plus `mariadb`, `duckdb` and third-party adapters (`adapter:`)",
  database: 'optional (Baselinr requires it)',
  extra_params: 'adapter-specific keys differ; see docs/adapters',
};
const connection = (prefix: string) => Object.fromEntries(Object.entries(CONNECTION_DIFFERENCES).map(([key, how]) => [`${prefix}.${key}`, how]));

const ROW_FILTER = "by the catalog's row figure, a table without one is kept; filters `pattern` and `select_schema` matches (Baselinr documents it and does not apply it)";

const TAGS =
  "read from table comments (`tags: a, b`) on PostgreSQL, MySQL and MariaDB, as Baselinr reads them; refused on warehouses without (Baselinr also reads Snowflake's TAG_REFERENCES, BigQuery labels and a SQLite metadata file, and ignores the filter with a warning where it has no tag provider)";

/** Config keys this version implements differently (by Baselinr path, `[]` for list entries). */
export const CONFIG_DIFFERENCES: Readonly<Record<string, string>> = {
  ...connection('source'),
  ...connection('storage.connection'),
  'storage.connection': 'optional: a SQLite file `.baselinr/results.db` by default (Baselinr requires it)',
  'profiling.metrics':
    'names must be known metrics (Baselinr computes nothing for an unknown name); `null_percent` and `distinct_percent` are computed (the ratios times 100); `data_type_inferred` is ignored with a warning',
  'profiling.max_distinct_values': 'accepted; limits nothing, as in Baselinr',
  'profiling.histogram_bins': 'at most 100',
  'profiling.tables[].table_types': '`table` and `view`; filters `pattern` and `select_schema` matches (Baselinr documents it and does not apply it)',
  'profiling.tables[].database': 'must be `source.database`: one run profiles one database (Baselinr connects to the named one); another is refused with exit 2',
  'profiling.tables[].select_all_schemas': "system schemas left out; on SQLite, PostgreSQL, MySQL and MariaDB (Snowflake, BigQuery, Redshift: refused, name each `schema`)",
  'profiling.tables[].schema_pattern': '`pattern_type` applies to it too, as in Baselinr; not with `schema` or `table`; on SQLite, PostgreSQL, MySQL and MariaDB only',
  'profiling.tables[].tags': TAGS,
  'profiling.tables[].tags_any': TAGS,
  'profiling.tables[].min_rows': ROW_FILTER,
  'profiling.tables[].max_rows': ROW_FILTER,
  'monitoring.keep_alive': 'defaults to `false` (Baselinr: `true`)',
  'retry.min_backoff': '0 allowed (Baselinr: above 0, at most 60)',
  'incremental.enabled':
    "skips a table only when its warehouse change signal (docs/incremental.md) is unchanged since its last successful profile; without Baselinr's adaptive scheduling, partial profiling or cost controls",
  'incremental.change_detection.metadata_table': "same name and Baselinr's columns; `snapshot_id` holds this version's change token",
  'drift_detection.strategy': '`absolute_threshold` and `standard_deviation` only (not `ml_based`, `statistical`)',
  'drift_detection.absolute_threshold': '`low_threshold`, `medium_threshold`, `high_threshold` only',
  'drift_detection.standard_deviation': '`low_threshold`, `medium_threshold`, `high_threshold` and `window` only',
};

export const CLI_FACTS: readonly Fact[] = [
  { name: 'plan -c FILE -o text|json', support: 'same' },
  { name: 'plan --verbose', support: 'not supported' },
  { name: 'profile -c FILE -o FILE', support: 'same', how: 'the JSON document of `--json`' },
  { name: 'profile --dry-run', support: 'same', how: 'not with `--detect-drift`, `--report`, `--enqueue`' },
  { name: 'drift -c FILE -d NAME -b RUN --current RUN -s SCHEMA', support: 'same', how: '`-d` is optional and repeatable here' },
  { name: 'drift --fail-on-drift', support: 'same', how: 'exit 1 on high-severity drift (also `--fail-on low|medium|high`)' },
  { name: 'drift -o FILE', support: 'not supported' },
  {
    name: 'query runs --schema --table --status --environment --days --limit --offset --format',
    support: 'different',
    how: '`--days` has no default (Baselinr: 30), `--limit` defaults to 20 (Baselinr: 100)',
  },
  { name: 'query run --run-id ID --table NAME --format table|json', support: 'same' },
  { name: 'query table --table NAME --schema S --format table|json', support: 'different', how: 'history by `--limit` runs, not `--days`; no csv' },
  { name: 'query drift --table --severity --days --limit --offset --format', support: 'same' },
  { name: 'query ... -o FILE', support: 'not supported' },
  { name: 'status -c FILE --drift-only --limit --days --json', support: 'same' },
  { name: 'status --watch', support: 'not supported' },
  { name: 'validate-config -c FILE', support: 'same', how: 'also lists the Baselinr settings this version ignores; `--strict` refuses them' },
  { name: 'migrate, validate, score, lineage, ui, chat, recommend, ...', support: 'not supported' },
];

export const METRIC_FACTS: readonly Fact[] = [
  { name: 'count', support: 'different', how: 'non-null values here; Baselinr: rows (COUNT(*))' },
  { name: 'null_count', support: 'same' },
  { name: 'null_ratio', support: 'different', how: 'empty table: null here, 0.0 in Baselinr' },
  { name: 'distinct_count', support: 'same' },
  { name: 'unique_ratio', support: 'different', how: 'distinct / non-null values here; Baselinr: distinct / rows' },
  { name: 'approx_distinct_count', support: 'same' },
  { name: 'min, max', support: 'different', how: 'numbers and dates only here; Baselinr also strings and booleans' },
  { name: 'mean', support: 'same' },
  { name: 'stddev', support: 'different', how: 'sample standard deviation everywhere (Baselinr: population on MySQL)' },
  { name: 'histogram', support: 'different', how: 'stored as `[{lower, upper, count}]` (Baselinr: `bin_start`, `bin_end`, `count`)' },
  { name: 'min_length, max_length, avg_length', support: 'different', how: 'characters everywhere (Baselinr: bytes on MySQL)' },
  { name: 'null_percent, distinct_percent', support: 'different', how: 'computed here (the ratios times 100); Baselinr computes nothing for these names' },
  { name: 'data_type_inferred', support: 'not supported', how: 'ignored with a warning' },
];

export const STORE_FACTS: readonly Fact[] = [
  { name: 'baselinr_runs: run_id, dataset_name, schema_name, profiled_at, environment, row_count, column_count', support: 'same' },
  { name: 'baselinr_runs: status', support: 'different', how: '`succeeded`, `failed`, `cancelled` (Baselinr: `completed`)' },
  { name: 'baselinr_runs: primary key', support: 'different', how: '(run_id, dataset_name, schema_name); Baselinr: (run_id, dataset_name)' },
  { name: 'baselinr_results: all columns', support: 'same' },
  { name: 'baselinr_events', support: 'different', how: 'own columns (dataset_name, severity, detected_at, note); Baselinr reads table_name, drift_severity, timestamp, metadata' },
  { name: 'baselinr_schema_version', support: 'different', how: 'own layout numbers; a store Baselinr created is not upgraded' },
  {
    name: 'baselinr_table_state (incremental.change_detection.metadata_table)',
    support: 'different',
    how: "Baselinr's columns; `snapshot_id` is this version's change token, `decision` is `full` or `skip`; database_name is '' when the source has none",
  },
  { name: 'baselinr_schema_registry, lineage, quality and RCA tables', support: 'not supported' },
];
