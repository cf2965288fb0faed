// A namespace import lets the config bundle leave out the parts of zod it never uses (its locales).
import * as z from 'zod';

/** Numbers and booleans may arrive as strings after `${VAR}` interpolation. */
const numeric = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);
/** As strings, the words Baselinr reads as booleans from environment overrides. */
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
const boolean = () => z.preprocess((v) => (typeof v !== 'string' ? v : TRUE_WORDS.has(v.toLowerCase()) ? true : FALSE_WORDS.has(v.toLowerCase()) ? false : v), z.boolean());

/** Baselinr's models take `schema_` (the field's own name) as well as `schema`. */
const schemaAlias = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (v === null || typeof v !== 'object' || !('schema_' in v)) return v;
    const { schema_, ...rest } = v as Record<string, unknown>;
    return 'schema' in rest ? v : { ...rest, schema: schema_ };
  }, schema);
const int = (min: number, max: number) => numeric(z.number().int().min(min).max(max));
/** A share of a table's rows: above 0, at most 1 (Baselinr's `gt=0.0, le=1.0`). */
const ratio = () => numeric(z.number().gt(0).max(1));

export const METRIC_NAMES = [
  'count',
  'null_count',
  'null_ratio',
  'distinct_count',
  'unique_ratio',
  'approx_distinct_count',
  'min',
  'max',
  'mean',
  'stddev',
  'histogram',
  'min_length',
  'max_length',
  'avg_length',
  // Baselinr's example configs name these; each is its ratio times 100. Not in the default set.
  'null_percent',
  'distinct_percent',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
const DEFAULT_METRICS = METRIC_NAMES.filter((m) => m !== 'null_percent' && m !== 'distinct_percent');
/** Names Baselinr's `profiling.metrics` accepts that this version does not compute: accepted with a warning. */
export const BASELINR_ONLY_METRICS = ['data_type_inferred'] as const;

export const connectionObjectSchema = z.strictObject({
  type: z.string().min(1),
  /** A third-party adapter's package name, for types Baselinr does not ship. */
  adapter: z.string().min(1).optional(),
  host: z.string().optional(),
  port: int(1, 65535).optional(),
  database: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  schema: z.string().optional(),
  filepath: z.string().optional(),
  account: z.string().optional(),
  warehouse: z.string().optional(),
  role: z.string().optional(),
  project: z.string().optional(),
  credentials_path: z.string().optional(),
  extra_params: z.record(z.string(), z.unknown()).default({}),
});
export const connectionSchema = schemaAlias(connectionObjectSchema);
export type ConnectionConfig = z.infer<typeof connectionObjectSchema>;

const tableEntrySchema = schemaAlias(
  z
    .strictObject({
      table: z.string().min(1).optional(),
      schema: z.string().min(1).optional(),
      database: z.string().min(1).optional(),
      pattern: z.string().min(1).optional(),
      pattern_type: z.enum(['wildcard', 'regex']).default('wildcard'),
      select_schema: boolean().optional(),
      /** Every schema of the database (Baselinr's database-level selection). */
      select_all_schemas: boolean().optional(),
      /** Schemas by name pattern (of `pattern_type`), instead of one `schema`. */
      schema_pattern: z.string().min(1).optional(),
      exclude_patterns: z.array(z.string().min(1)).default([]),
      /** Baselinr's filters of pattern and schema matches: table types, and the catalog's row figure. */
      table_types: z
        .array(z.enum(['table', 'view']))
        .min(1)
        .optional(),
      min_rows: int(1, Number.MAX_SAFE_INTEGER).optional(),
      max_rows: int(1, Number.MAX_SAFE_INTEGER).optional(),
      /** Tables carrying all these tags, and at least one of `tags_any` (where the warehouse has tags). */
      tags: z.array(z.string().min(1)).min(1).optional(),
      tags_any: z.array(z.string().min(1)).min(1).optional(),
      /** Baselinr's older per-table ratio: this table's rows are sampled at it (overrides `default_sample_ratio`). */
      sample_ratio: ratio().optional(),
    })
    .superRefine((entry, ctx) => {
      const ways = [entry.table !== undefined, entry.pattern !== undefined, entry.select_schema === true, entry.select_all_schemas === true].filter(Boolean);
      if (ways.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: 'give exactly one of `table`, `pattern`, `select_schema: true` or `select_all_schemas: true`',
        });
      }
      const filtered = entry.table_types || entry.min_rows !== undefined || entry.max_rows !== undefined || entry.tags || entry.tags_any;
      if (entry.table !== undefined && filtered) {
        ctx.addIssue({
          code: 'custom',
          message: '`table_types`, `min_rows`, `max_rows`, `tags` and `tags_any` filter `pattern` and `select_schema` matches; an entry with `table` names its table',
        });
      }
      const schemaWays = [entry.schema !== undefined, entry.schema_pattern !== undefined, entry.select_all_schemas === true].filter(Boolean);
      if (schemaWays.length > 1 || (entry.table !== undefined && entry.schema_pattern !== undefined)) {
        ctx.addIssue({ code: 'custom', message: 'give at most one of `schema`, `schema_pattern` or `select_all_schemas: true`, and `schema_pattern` not with `table`' });
      }
      if (entry.min_rows !== undefined && entry.max_rows !== undefined && entry.min_rows > entry.max_rows) {
        ctx.addIssue({ code: 'custom', message: 'min_rows must not be above max_rows' });
      }
      if (entry.pattern_type === 'regex') {
        for (const p of [entry.pattern, entry.schema_pattern, ...entry.exclude_patterns]) {
          if (p === undefined) continue;
          try {
            new RegExp(p);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: `invalid regular expression ${JSON.stringify(p)}: ${(err as Error).message}` });
          }
        }
      }
    }),
);
export type TableEntry = z.infer<typeof tableEntrySchema>;

export const PARTITION_STRATEGIES = ['latest', 'recent_n', 'sample', 'all', 'specific_values'] as const;

/** Baselinr's `PartitionConfig`: which partitions of a table are profiled. */
const partitionSchema = z
  .strictObject({
    key: z.string().min(1).optional(),
    strategy: z.enum(PARTITION_STRATEGIES).default('all'),
    recent_n: int(1, 1_000_000).optional(),
    values: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    /** Without a `key`: the warehouse's own partition column, else a column named like a date (Baselinr's rule). */
    metadata_fallback: boolean().default(true),
  })
  .superRefine((partition, ctx) => {
    if (partition.strategy === 'recent_n' && partition.recent_n === undefined) {
      ctx.addIssue({ code: 'custom', path: ['recent_n'], message: 'give `recent_n` (how many of the newest partitions) with `strategy: recent_n`' });
    }
    if (partition.strategy === 'specific_values' && partition.values === undefined) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'give `values` (the partition values to profile) with `strategy: specific_values`' });
    }
  });
export type PartitionConfig = z.infer<typeof partitionSchema>;

/** Baselinr's `SamplingConfig`: applied only with `enabled: true`, as in Baselinr. */
const samplingSchema = z.strictObject({
  enabled: boolean().default(false),
  /** `stratified`: at random within each value of `partition.key`; `topk` draws at random, as Baselinr does. */
  method: z.enum(['random', 'stratified', 'topk']).default('random'),
  fraction: ratio().default(0.01),
  max_rows: int(1, Number.MAX_SAFE_INTEGER).optional(),
});
export type SamplingConfig = z.infer<typeof samplingSchema>;

/** Baselinr's `DatasetConfig`, for the profiling overrides this version applies: partition and sampling. */
const datasetSchema = schemaAlias(
  z
    .strictObject({
      database: z.string().min(1).optional(),
      schema: z.string().min(1).optional(),
      table: z.string().min(1).optional(),
      profiling: z
        .strictObject({
          partition: partitionSchema.optional(),
          sampling: samplingSchema.optional(),
        })
        .optional(),
    })
    .refine((d) => d.database !== undefined || d.schema !== undefined || d.table !== undefined, {
      message: 'give at least one of `database`, `schema` or `table`',
    }),
);
export type DatasetEntry = z.infer<typeof datasetSchema>;
/** A file's dataset entries, checked with the same rules as the inline ones. */
export const datasetListSchema = z.array(datasetSchema);

/** Baselinr's `DatasetsDirectoryConfig` keys; they only say how `datasets_dir` is read. */
const DIRECTORY_KEYS = ['auto_discover', 'file_pattern', 'recursive', 'exclude_patterns'] as const;

const thresholds = (low: number, medium: number, high: number) =>
  z
    .strictObject({
      low_threshold: numeric(z.number().min(0)).default(low),
      medium_threshold: numeric(z.number().min(0)).default(medium),
      high_threshold: numeric(z.number().min(0)).default(high),
    })
    .refine((t) => t.low_threshold <= t.medium_threshold && t.medium_threshold <= t.high_threshold, {
      message: 'thresholds must satisfy low_threshold <= medium_threshold <= high_threshold',
    });

export const configSchema = z.strictObject({
  environment: z.string().default('development'),
  source: connectionSchema,
  storage: z
    .strictObject({
      connection: connectionSchema.default({
        type: 'sqlite',
        database: 'results',
        filepath: '.baselinr/results.db',
        extra_params: {},
      }),
      results_table: z.string().min(1).default('baselinr_results'),
      runs_table: z.string().min(1).default('baselinr_runs'),
      create_tables: boolean().default(true),
    })
    .prefault({}),
  profiling: z
    .strictObject({
      tables: z.array(tableEntrySchema).default([]),
      metrics: z
        .array(z.enum(METRIC_NAMES))
        .min(1)
        .default([...DEFAULT_METRICS]),
      /** Baselinr's key; as in Baselinr it limits nothing (its profiler keeps the value and never reads it). */
      max_distinct_values: int(1, 1_000_000_000).default(1000),
      compute_histograms: boolean().default(true),
      histogram_bins: int(1, 100).default(10),
      /** Share of every table's rows profiled, drawn at random; 1.0 profiles every row. */
      default_sample_ratio: ratio().default(1),
    })
    .prefault({}),
  /** Baselinr's per-dataset overrides; the most specific entry matching a table applies. */
  datasets: z
    .strictObject({
      datasets: datasetListSchema.default([]),
      /** More entries, from the YAML files of this directory (relative to the config file); read by loadConfig. */
      datasets_dir: z.string().min(1).optional(),
      /** Accepted; as in Baselinr, files are always discovered. */
      auto_discover: boolean().optional(),
      file_pattern: z.string().min(1).optional(),
      recursive: boolean().optional(),
      exclude_patterns: z.array(z.string().min(1)).optional(),
    })
    .superRefine((datasets, ctx) => {
      if (datasets.datasets_dir !== undefined) return;
      for (const key of DIRECTORY_KEYS) {
        if (datasets[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'says how `datasets_dir` is read; give `datasets_dir` too, or remove it' });
      }
    })
    .prefault({}),
  execution: z
    .strictObject({
      max_workers: int(1, 64).default(1),
      batch_size: int(1, 100).default(10),
      queue_size: int(10, 1000).default(100),
      warehouse_limits: z.record(z.string(), int(1, 64)).default({}),
      /** Cancels a table's running statement on the server once the table has run this long. */
      table_timeout_seconds: numeric(z.number().positive().max(86_400)).optional(),
      /** Cancels any one statement (each attempt) on the server after this long. */
      statement_timeout_seconds: numeric(z.number().positive().max(86_400)).optional(),
    })
    .prefault({}),
  retry: z
    .strictObject({
      enabled: boolean().default(true),
      retries: int(0, 10).default(3),
      backoff_strategy: z.enum(['exponential', 'fixed']).default('exponential'),
      min_backoff: numeric(z.number().min(0)).default(0.5),
      max_backoff: numeric(z.number().min(0)).default(8),
    })
    .prefault({})
    .refine((r) => r.max_backoff >= r.min_backoff, {
      message: 'max_backoff must be greater than or equal to min_backoff',
      path: ['max_backoff'],
    }),
  monitoring: z
    .strictObject({
      enable_metrics: boolean().default(false),
      port: int(1, 65535).default(9753),
      keep_alive: boolean().default(false),
      /** Push the run's metrics here at the end (batch jobs that nothing scrapes). */
      pushgateway_url: z.url({ protocol: /^https?$/ }).optional(),
      /** Pushgateway job label. */
      pushgateway_job: z.string().min(1).default('baselinr'),
    })
    .prefault({}),
  drift_detection: z
    .strictObject({
      strategy: z.enum(['absolute_threshold', 'standard_deviation']).default('absolute_threshold'),
      absolute_threshold: thresholds(5, 15, 30).prefault({}),
      // `window`: how many successful runs (up to and including the baseline) the mean and stddev use.
      standard_deviation: thresholds(1, 2, 3)
        .safeExtend({ window: int(2, 100).default(10) })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Baselinr's incremental profiling: a table whose warehouse change signal is unchanged since its
   * last successful profile is skipped. Only `enabled` and `change_detection` are implemented; the
   * other Baselinr keys of the section are accepted with a warning.
   */
  incremental: z
    .strictObject({
      enabled: boolean().default(false),
      change_detection: z
        .strictObject({
          enabled: boolean().default(true),
          /** The results-store table that keeps each table's change token (Baselinr's name). */
          metadata_table: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a plain table name: letters, digits and _ (at most 63)')
            .default('baselinr_table_state'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Limits that hold across processes and machines: a named pool of slots, leased per statement. Absent: none. */
  coordination: z
    .strictObject({
      /** Where the leases are kept; defaults to storage.connection. */
      connection: connectionSchema.optional(),
      /** Defaults to one pool per warehouse: `<type>:<host or account>[:port][/database]`. */
      pool: z.string().min(1).max(255).optional(),
      /** Statements the whole pool runs at once, across every process that uses it. */
      slots: int(1, 1000),
      /** A dead holder's slots come back after this long. */
      lease_ttl_seconds: numeric(z.number().min(1).max(3600)).default(30),
      /** How often held leases are renewed; defaults to a third of the TTL. */
      heartbeat_seconds: numeric(z.number().positive()).optional(),
    })
    .refine((c) => c.heartbeat_seconds === undefined || c.heartbeat_seconds < c.lease_ttl_seconds, {
      message: 'must be less than lease_ttl_seconds, so leases are renewed before they expire',
      path: ['heartbeat_seconds'],
    })
    .optional(),
  /** Queue mode (`profile --enqueue`, `baselinr worker`): pg-boss in the results database (PostgreSQL). */
  queue: z
    .strictObject({
      name: z
        .string()
        .regex(/^[\w-]{1,100}$/, 'letters, digits, _ and - only (at most 100)')
        .default('baselinr-profile'),
      /** pg-boss writes this schema name into its SQL unquoted, so it must be a plain lower-case name. */
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'a lower-case PostgreSQL name: a-z, 0-9 and _ (at most 50)')
        .default('baselinr_queue'),
      /** A job running this long is taken for lost (its worker died) and retried; longer than any table takes. */
      job_expire_seconds: int(1, 86_399).default(900),
      /** How often workers look for expired jobs. */
      maintenance_interval_seconds: int(1, 3600).default(60),
      /** How often an idle worker asks for a job. */
      polling_interval_seconds: numeric(z.number().min(0.5).max(600)).default(2),
    })
    .prefault({}),
});

export type BaselinrConfig = z.infer<typeof configSchema>;
/** What a user writes: every section but `source` may be left out. */
export type BaselinrConfigInput = z.input<typeof configSchema>;
