import type { Dialect, RowSample } from '../adapter/dialect.js';
import type { TableDescription } from '../adapter/types.js';
import type { PartitionChoice, PartitionValue, RowSelection } from './row-selection.js';

/** One seed for every native sample, so it draws the same rows run after run while the data stays the same. */
export const SAMPLE_SEED = 1;

/** The alias of the derived table a sampled or filtered profile reads from. */
const ROWS_ALIAS = 'baselinr_rows';

/** The SQL a profile applied to select its rows, as stored beside the metrics and shown in the output. */
export interface AppliedRowSelection {
  readonly partition?: PartitionChoice & { readonly predicate?: string };
  readonly sampling?: NonNullable<RowSelection['sampling']> & { readonly sql: string; readonly repeatable: boolean };
  readonly notes: readonly string[];
}

/**
 * What every statement of a table reads FROM: the table itself, or, with a partition filter or a
 * sample, a derived table of just those rows, so the planners stay unaware of either. A sample
 * clause (TABLESAMPLE, SAMPLE) follows the table name; a random predicate, the partition filter and
 * `max_rows` (LIMIT) go inside the derived table. A stratified sample numbers each stratum's rows in
 * the order of their row hash inside the derived table and keeps the first share of each.
 */
export function rowSource(table: TableDescription, selection: RowSelection, dialect: Dialect): { from: string; applied: AppliedRowSelection } {
  const qualified = dialect.qualifyTable(table);
  const predicate = selection.partition ? partitionPredicate(selection.partition, table, dialect) : undefined;
  const partition = selection.partition ? { partition: { ...selection.partition, ...(predicate ? { predicate } : {}) } } : {};
  const sampling = selection.sampling;
  if (sampling?.method === 'stratified' && sampling.key !== undefined) {
    const strata = stratifiedRows(table, { ...sampling, key: sampling.key }, predicate, dialect);
    const applied = { ...partition, sampling: { ...sampling, sql: strata.condition, repeatable: true }, notes: selection.notes };
    return { from: `(${strata.sql}) AS ${ROWS_ALIAS}`, applied };
  }
  const sample: RowSample | undefined = sampling ? dialect.sampleRows(sampling.fraction, SAMPLE_SEED, dialect.rowHash(table.columns)) : undefined;
  const applied: AppliedRowSelection = {
    ...partition,
    ...(sampling && sample ? { sampling: { ...sampling, sql: 'tableClause' in sample ? sample.tableClause : sample.shown, repeatable: sample.repeatable } } : {}),
    notes: selection.notes,
  };
  const maxRows = sampling?.maxRows;
  if (predicate === undefined && sample === undefined && maxRows === undefined) return { from: qualified, applied };
  const conditions = [predicate, sample && 'predicate' in sample ? sample.predicate : undefined].filter((c) => c !== undefined);
  const sql = [
    `SELECT * FROM ${qualified}`,
    sample && 'tableClause' in sample ? ` ${sample.tableClause}` : '',
    conditions.length > 0 ? ` WHERE ${conditions.map((c) => (conditions.length > 1 ? `(${c})` : c)).join(' AND ')}` : '',
    maxRows !== undefined ? ` LIMIT ${maxRows}` : '',
  ].join('');
  return { from: `(${sql}) AS ${ROWS_ALIAS}`, applied };
}

/**
 * `fraction` of each stratum's rows, rounded up so every value of the key keeps at least one: rank r
 * (1-based, in row-hash order: well mixed, and the same for the same rows every run) is kept while r - 1 < fraction * stratum rows, which is r <= CEIL(...) with
 * no CEIL (SQLite may lack it). `max_rows` lowers every stratum's share alike to max_rows / all rows,
 * and a LIMIT taking first ranks first holds the total to it when there are more strata than rows
 * allowed. The table's own columns are listed so the numbering columns stay inside.
 */
function stratifiedRows(
  table: TableDescription,
  sampling: { readonly key: string; readonly fraction: number; readonly maxRows?: number },
  predicate: string | undefined,
  dialect: Dialect,
): { sql: string; condition: string } {
  const columns = table.columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  const strata = `PARTITION BY ${dialect.quoteIdentifier(sampling.key)}`;
  const { maxRows } = sampling;
  const numbering = [
    `ROW_NUMBER() OVER (${strata} ORDER BY ${dialect.rowHash(table.columns)}) AS baselinr_stratum_rank`,
    `COUNT(*) OVER (${strata}) AS baselinr_stratum_rows`,
    ...(maxRows !== undefined ? ['COUNT(*) OVER () AS baselinr_all_rows'] : []),
  ];
  const condition = [
    `baselinr_stratum_rank - 1 < ${dialect.numberLiteral(sampling.fraction)} * baselinr_stratum_rows`,
    ...(maxRows !== undefined ? [`baselinr_stratum_rank - 1 < ${maxRows} * (baselinr_stratum_rows * 1.0 / baselinr_all_rows)`] : []),
  ].join(' AND ');
  const sql = [
    `SELECT ${columns} FROM (SELECT ${columns}, ${numbering.join(', ')} FROM ${dialect.qualifyTable(table)}`,
    predicate !== undefined ? ` WHERE ${predicate}` : '',
    `) AS baselinr_strata WHERE ${condition}`,
    maxRows !== undefined ? ` ORDER BY baselinr_stratum_rank LIMIT ${maxRows}` : '',
  ].join('');
  return { sql, condition };
}

/** The filter for a partition choice; undefined for `all`. Starts the catalog listed are used as literals. */
function partitionPredicate(partition: PartitionChoice, table: TableDescription, dialect: Dialect): string | undefined {
  const key = dialect.quoteIdentifier(partition.key);
  const starts = table.partitioning?.column === partition.key ? table.partitioning.newestStarts : undefined;
  const qualified = dialect.qualifyTable(table);
  switch (partition.strategy) {
    case 'all':
      return undefined;
    case 'latest':
      if (starts?.length) return `${key} >= ${literal(starts[0]!, dialect)}`;
      return `${key} = (SELECT MAX(${key}) FROM ${qualified})`;
    case 'recent_n': {
      const nth = starts?.[Math.min(partition.recentN, starts.length) - 1];
      if (nth !== undefined) return `${key} >= ${literal(nth, dialect)}`;
      // The n newest values are those at or above the nth newest; MySQL takes no LIMIT inside IN (...).
      const recent = `SELECT DISTINCT ${key} AS baselinr_key FROM ${qualified} WHERE ${key} IS NOT NULL ORDER BY baselinr_key DESC LIMIT ${partition.recentN}`;
      return `${key} >= (SELECT MIN(baselinr_key) FROM (${recent}) AS baselinr_recent)`;
    }
    case 'specific_values':
      return `${key} IN (${partition.values.map((v) => literal(v, dialect)).join(', ')})`;
  }
}

function literal(value: PartitionValue, dialect: Dialect): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return typeof value === 'number' ? dialect.numberLiteral(value) : dialect.stringLiteral(value);
}

const SET_BY: Record<NonNullable<RowSelection['sampling']>['setBy'], string> = {
  'datasets.sampling': 'datasets[].profiling.sampling',
  'tables.sample_ratio': 'profiling.tables[].sample_ratio',
  default_sample_ratio: 'profiling.default_sample_ratio',
};

/** The rows a profile covered, in words for the output: `latest partition of day; random 10% of rows (TABLESAMPLE ...)`. */
export function describeRowSelection(applied: AppliedRowSelection): string {
  const parts: string[] = [];
  const p = applied.partition;
  if (p) {
    const which = {
      all: `every partition of ${p.key}`,
      latest: `latest partition of ${p.key}`,
      recent_n: `${'recentN' in p ? p.recentN : ''} newest partitions of ${p.key}`,
      specific_values: `partitions of ${p.key} in ${'values' in p ? p.values.map((v) => JSON.stringify(v)).join(', ') : ''}`,
    }[p.strategy];
    parts.push(p.predicate ? `${which} (WHERE ${p.predicate})` : which);
  }
  const s = applied.sampling;
  if (s) {
    const cap = s.maxRows !== undefined ? `, at most ${s.maxRows} rows` : '';
    const repeat = s.repeatable ? 'repeatable' : 'not repeatable';
    const share = `${Number((s.fraction * 100).toPrecision(12))}%`;
    const what = s.method === 'stratified' ? `stratified ${share} of the rows of each ${s.key} value (at least one)` : `random ${share} of rows`;
    parts.push(`${what}${cap} (${s.sql}; ${repeat}; ${SET_BY[s.setBy]})`);
  }
  return [...parts, ...applied.notes].join('; ');
}
