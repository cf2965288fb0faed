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
  "read as Baselinr reads them: table comments (`tags: a, b`) on PostgreSQL, MySQL, MariaDB and Redshift, Snowflake's ACCOUNT_USAGE.TAG_REFERENCES as `NAME:VALUE` (its `DOMAIN` column, where Baselinr's query names `OBJECT_DOMAIN`; a role that cannot read the view is refused with exit 2, where Baselinr selects nothing), and table labels on BigQuery (`key:value`, or `key` for a label without a value; Baselinr's BigQuery provider reads none); refused on warehouses without (SQLite, DuckDB; Baselinr also reads a SQLite metadata file, and ignores the filter with a warning where it has no tag provider)";

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
  'profiling.tables[].select_all_schemas':
    "system schemas left out; on SQLite, PostgreSQL, MySQL, MariaDB, Snowflake, Redshift and BigQuery (the project's datasets in the run's location; hidden `_` datasets left out)",
  'profiling.tables[].schema_pattern':
    '`pattern_type` applies to it too, as in Baselinr; not with `schema` or `table`; on SQLite, PostgreSQL, MySQL, MariaDB, Snowflake, Redshift and BigQuery',
  'profiling.tables[].tags': TAGS,
  'profiling.tables[].tags_any': TAGS,
  'profiling.default_sample_ratio': 'applied: every table is sampled at this ratio unless its entry or a dataset says otherwise (Baselinr keeps it and samples nothing)',
  'profiling.tables[].sample_ratio': 'applied on an entry that names its `table` (Baselinr ignores it); on a pattern entry ignored with a warning',
  'datasets.datasets_dir':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Baselinr's ${VAR} syntax, as text.
    'relative to the config file, as in Baselinr; its entries are added after the inline `datasets.datasets` (Baselinr drops those when `datasets_dir` is set); each file is checked like inline entries, a bad one is refused with exit 2 naming the file; `${VAR}` in the files kept as written, as in Baselinr',
  'datasets.auto_discover': 'accepted; the folder is always read, as in Baselinr',
  'datasets.exclude_patterns':
    "Baselinr's two rules (the path's last parts, or a folder name), the folder rule only inside `datasets_dir` (Baselinr: anywhere in the absolute path)",
  'datasets.datasets[].profiling.sampling.method':
    '`stratified` draws `fraction` of each value of `partition.key` (at least one row each; random without a key, as Baselinr); `random` and `topk` draw at random, compiled per dialect (seeded TABLESAMPLE or SAMPLE, else a predicate on a hash of the row values, so the rows repeat, except BigQuery TABLESAMPLE SYSTEM) where Baselinr samples only with LIMIT on SQLite and at random for every method',
  'datasets.datasets[].profiling.sampling.max_rows': 'a LIMIT on the sampled rows, on every warehouse',
  'datasets.datasets[].profiling.partition.strategy':
    '`sample` profiles every partition, as in Baselinr; `latest` and `recent_n` read the partition list from the catalog where it has one (BigQuery)',
  'datasets.datasets[].profiling.partition.metadata_fallback': "the warehouse's partition column first (BigQuery), then Baselinr's name rule",
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
  { name: 'query run --run-id ID --table NAME --format table|json', support: 'same', how: "lists Baselinr's events of the run beside this product's, each once" },
  { name: 'query table --table NAME --schema S --format table|json', support: 'different', how: 'history by `--limit` runs, not `--days`; no csv' },
  {
    name: 'query drift --table --severity --days --limit --offset --format',
    support: 'same',
    how: "on a shared store lists Baselinr's drift and schema events beside this product's, each once, with the tool that wrote each",
  },
  { name: 'query ... -o FILE', support: 'not supported' },
  { name: 'status -c FILE --drift-only --limit --days --json', support: 'same', how: "counts Baselinr's events beside this product's, each once" },
  { name: 'status --watch', support: 'not supported' },
  { name: 'validate-config -c FILE', support: 'same', how: 'also lists the Baselinr settings this version ignores (`--strict` refuses them) and the dataset files it read' },
  { name: 'migrate, validate, score, lineage, ui, chat, recommend, ...', support: 'not supported' },
];

export const METRIC_FACTS: readonly Fact[] = [
  { name: 'count', support: 'same', how: 'rows (COUNT(*)); history stored before store layout 5 counted non-null values and is not compared with newer runs' },
  { name: 'null_count', support: 'same' },
  { name: 'null_ratio', support: 'same', how: '0.0 for an empty table' },
  { name: 'distinct_count', support: 'same' },
  { name: 'unique_ratio', support: 'same', how: 'distinct / rows, 0.0 for an empty table' },
  { name: 'approx_distinct_count', support: 'same' },
  { name: 'min, max', support: 'different', how: 'numbers, dates and strings as Baselinr; booleans `false`/`true` here (Baselinr: none)' },
  { name: 'mean', support: 'same' },
  { name: 'stddev', support: 'different', how: 'sample standard deviation everywhere (Baselinr: population on MySQL)' },
  { name: 'histogram', support: 'same', how: 'stored as Baselinr writes it, `[{bin_start, bin_end, count}]` (`--json` shows `{lower, upper, count}`)' },
  { name: 'min_length, max_length, avg_length', support: 'different', how: 'characters everywhere (Baselinr: bytes on MySQL)' },
  { name: 'null_percent, distinct_percent', support: 'different', how: 'computed here (the ratios times 100); Baselinr computes nothing for these names' },
  { name: 'data_type_inferred', support: 'not supported', how: 'ignored with a warning' },
];

export const STORE_FACTS: readonly Fact[] = [
  {
    name: 'a store Baselinr created (SQLite, PostgreSQL, MySQL)',
    support: 'same',
    how: "read as it is (query, drift against its last run, report); profile and drift add tables of their own and change none of Baselinr's",
  },
  { name: 'baselinr_runs: run_id, dataset_name, schema_name, profiled_at, environment, row_count, column_count', support: 'same' },
  { name: 'baselinr_runs: status', support: 'same', how: '`completed` for a successful table; also `failed` and `cancelled`, which Baselinr never writes' },
  {
    name: 'baselinr_runs: duration_seconds, error_message',
    support: 'different',
    how: "extra columns in a store this product created; beside Baselinr's runs table in `baselinr_table_outcomes`",
  },
  {
    name: 'baselinr_runs: primary key',
    support: 'different',
    how: "(run_id, dataset_name, schema_name), which contains Baselinr's (run_id, dataset_name): Baselinr's rows fit; on Baselinr's table one run cannot hold two same-named tables",
  },
  { name: 'baselinr_results: all columns', support: 'same' },
  {
    name: 'baselinr_events',
    support: 'same',
    how: "drift and schema changes as `DataDriftDetected` / `SchemaChangeDetected` with table_name, drift_severity, timestamp, metadata; this product's own detail in `baselinr_drift_events`; metadata also says when the two runs covered different rows (`row_selection`); `query drift` reads Baselinr's own events from it",
  },
  { name: 'baselinr_schema_version', support: 'same', how: 'left to Baselinr; this product records its layout in `baselinr_store_layout`' },
  {
    name: 'baselinr_table_state (incremental.change_detection.metadata_table)',
    support: 'different',
    how: "Baselinr's columns; `snapshot_id` is this version's change token, `decision` is `full` or `skip`; database_name is '' when the source has none",
  },
  { name: 'baselinr_schema_registry, lineage, quality and RCA tables', support: 'not supported' },
];
