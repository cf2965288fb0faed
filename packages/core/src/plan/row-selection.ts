import type { ColumnInfo, TableDescription } from '../adapter/types.js';
import type { BaselinrConfig, DatasetEntry, PartitionConfig } from '../config/schema.js';

export type PartitionValue = string | number | boolean;

/** The partitions a profile covers. `all` filters nothing; it is kept so the output says which key was seen. */
export type PartitionChoice =
  | { readonly key: string; readonly strategy: 'all' | 'latest' }
  | { readonly key: string; readonly strategy: 'recent_n'; readonly recentN: number }
  | { readonly key: string; readonly strategy: 'specific_values'; readonly values: readonly PartitionValue[] };

/**
 * A share of rows, and the config key that asked for it: drawn at random from the whole table, or,
 * `stratified`, at random within each value of `key`, every value keeping at least one row.
 */
export interface SamplingChoice {
  readonly method: 'random' | 'stratified';
  /** `stratified`: the column whose values are the strata. */
  readonly key?: string;
  readonly fraction: number;
  readonly maxRows?: number;
  readonly setBy: 'datasets.sampling' | 'tables.sample_ratio' | 'default_sample_ratio';
}

/** Which rows of one table a profile covers, resolved from the config and the table's catalog facts. */
export interface RowSelection {
  readonly partition?: PartitionChoice;
  readonly sampling?: SamplingChoice;
  /** Decisions the user did not spell out (an inferred key, a required filter), each said once in the output. */
  readonly notes: readonly string[];
}

type SelectionConfig = Pick<BaselinrConfig, 'profiling' | 'datasets' | 'source'>;

/** Baselinr's column names that mark a partition key when none is configured (its `infer_partition_key`). */
const PARTITION_KEY_NAMES = new Set(['date', 'event_date', 'partition_date', 'created_at', 'updated_at', 'timestamp', 'dt', 'ds']);

/**
 * The partition filter and sample for one table: Baselinr's `datasets` entry that matches the table
 * most specifically (its partition, and its sampling when enabled), else the entry's `sample_ratio`,
 * else `profiling.default_sample_ratio`. A table whose warehouse refuses any statement without a
 * partition filter (BigQuery's require_partition_filter) gets its latest partition unless the config
 * chose partitions.
 */
export function resolveRowSelection(config: SelectionConfig, table: TableDescription): RowSelection {
  const notes: string[] = [];
  const dataset = matchingDataset(config.datasets.datasets, config.source.database, table);
  const chosen = dataset?.profiling?.partition ? choosePartition(dataset.profiling.partition, table, notes) : undefined;
  let partition = chosen;
  const required = table.partitioning?.requireFilter ? table.partitioning.column : undefined;
  if (required !== undefined && (partition === undefined || partition.strategy === 'all' || partition.key !== required)) {
    partition = { key: required, strategy: 'latest' };
    notes.push(`the warehouse requires a filter on partition column ${required}: profiled its latest partition (set datasets[].profiling.partition to choose others)`);
  }
  const sampling = chooseSampling(config, dataset, table, chosen?.key, notes);
  return { ...(partition ? { partition } : {}), ...(sampling ? { sampling } : {}), notes };
}

/**
 * Baselinr's ConfigMerger rule: every field an entry gives must equal the table's (an absent one
 * matches anything), and the most specific match wins, database first, then schema, then table.
 */
function matchingDataset(datasets: readonly DatasetEntry[], database: string | undefined, table: TableDescription): DatasetEntry | undefined {
  const matches = datasets.filter(
    (d) => (d.database === undefined || d.database === database) && (d.schema === undefined || d.schema === table.schema) && (d.table === undefined || d.table === table.table),
  );
  const vagueness = (d: DatasetEntry) => [d.database, d.schema, d.table].map((field) => (field === undefined ? '1' : '0')).join('');
  return matches.sort((a, b) => vagueness(a).localeCompare(vagueness(b)))[0];
}

function choosePartition(config: PartitionConfig, table: TableDescription, notes: string[]): PartitionChoice | undefined {
  let key = config.key;
  if (key === undefined && config.metadata_fallback) {
    key = inferPartitionKey(table);
    if (key !== undefined) notes.push(`partition key ${key} inferred (no datasets[].profiling.partition.key)`);
  }
  if (key === undefined) {
    if (config.strategy !== 'all') notes.push(`partition strategy ${config.strategy} needs a key and none was given or inferred: profiled every partition`);
    return undefined;
  }
  if (!table.columns.some((c) => c.name === key)) {
    notes.push(`partition key ${key} is not a column of this table: profiled every partition`);
    return undefined;
  }
  switch (config.strategy) {
    case 'recent_n':
      return { key, strategy: 'recent_n', recentN: config.recent_n! };
    case 'specific_values':
      return { key, strategy: 'specific_values', values: config.values! };
    case 'sample':
      notes.push('partition strategy sample profiles every partition, as in Baselinr; sample rows with datasets[].profiling.sampling');
      return { key, strategy: 'all' };
    default:
      return { key, strategy: config.strategy };
  }
}

/** The warehouse's own partition column, else Baselinr's rule: a known name, or a date-typed column named like a date. */
function inferPartitionKey(table: TableDescription): string | undefined {
  if (table.partitioning) return table.partitioning.column;
  const named = (c: ColumnInfo) => PARTITION_KEY_NAMES.has(c.name.toLowerCase());
  const datedDate = (c: ColumnInfo) => c.kind === 'temporal' && c.name.toLowerCase().includes('date');
  return (table.columns.find(named) ?? table.columns.find(datedDate))?.name;
}

/**
 * `stratified` draws within each value of the dataset's partition key (without one, at random, as
 * Baselinr samples for every method). `topk` names no column to rank rows by nor a k, so it draws at
 * random too, as in Baselinr.
 */
function chooseSampling(
  config: SelectionConfig,
  dataset: DatasetEntry | undefined,
  table: TableDescription,
  partitionKey: string | undefined,
  notes: string[],
): SamplingChoice | undefined {
  const sampling = dataset?.profiling?.sampling;
  if (sampling?.enabled) {
    const cap = { fraction: sampling.fraction, ...(sampling.max_rows !== undefined ? { maxRows: sampling.max_rows } : {}), setBy: 'datasets.sampling' } as const;
    if (sampling.method === 'stratified' && partitionKey !== undefined) return { method: 'stratified', key: partitionKey, ...cap };
    if (sampling.method === 'stratified')
      notes.push('sampling method stratified needs a stratum column: set datasets[].profiling.partition.key; rows drawn at random instead, as Baselinr does');
    if (sampling.method === 'topk') notes.push('sampling method topk names no column to rank rows by: rows drawn at random, as Baselinr does');
    return { method: 'random', ...cap };
  }
  const entry = config.profiling.tables.find((e) => e.table === table.table && (e.schema === undefined || e.schema === table.schema) && e.sample_ratio !== undefined);
  if (entry?.sample_ratio !== undefined && entry.sample_ratio < 1) return { method: 'random', fraction: entry.sample_ratio, setBy: 'tables.sample_ratio' };
  if (entry === undefined && config.profiling.default_sample_ratio < 1) return { method: 'random', fraction: config.profiling.default_sample_ratio, setBy: 'default_sample_ratio' };
  return undefined;
}
