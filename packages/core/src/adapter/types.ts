/*
 * The leaf types of the adapter contract: what a warehouse is made of (tables, columns, rows),
 * with no behaviour and no imports, so every part of core and every adapter can share them.
 */

/** A table or view, named as the warehouse names it (no quoting, no folding). */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

export interface DiscoveredTable extends TableRef {
  readonly type: 'table' | 'view';
  /** Rows according to the catalog (statistics), when it has a figure. */
  readonly rowEstimate?: number;
  /** The table's tags, where the warehouse has them (see `WarehouseSession.tagSource`). */
  readonly tags?: readonly string[];
  /**
   * The table's change signal, read in the listing's own round trip when the filter asked for
   * `changeSignals` and the adapter can; core then asks `changeSignals` only for tables without one.
   */
  readonly changeSignal?: ChangeSignal;
}

/** What core may compute for a column; adapters map their type names onto these. */
export type ColumnKind = 'integer' | 'decimal' | 'float' | 'string' | 'temporal' | 'boolean' | 'other';

export interface ColumnInfo {
  readonly name: string;
  /** The warehouse's own type name, stored with every result. */
  readonly dataType: string;
  readonly kind: ColumnKind;
  /** Set when the adapter knows the column cannot be profiled beyond counts, with why. */
  readonly unsupportedReason?: string;
}

export interface TableDescription extends TableRef {
  readonly columns: readonly ColumnInfo[];
  readonly rowEstimate?: number;
  /** The table's partitioning where the catalog tells (BigQuery): its column, and whether every statement must filter on it. */
  readonly partitioning?: TablePartitioning;
}

export interface TablePartitioning {
  readonly column: string;
  /** BigQuery's require_partition_filter: a statement without a filter on the column is refused. */
  readonly requireFilter: boolean;
  /**
   * Where the newest partitions start, newest first, as values of the column (a date's text, an
   * integer), when the catalog lists partitions: filters on them need no scan of the table.
   */
  readonly newestStarts?: ReadonlyArray<string | number>;
}

/** One result row: column alias to value (number, bigint, string, boolean, Date or null). */
export type Row = Record<string, unknown>;

/**
 * What `execute` may return instead of bare rows, when the warehouse tells more: time the
 * statement waited in the warehouse's queue, bytes it scanned, its id for the user's console.
 */
export interface QueryResult {
  readonly rows: Row[];
  readonly queuedMs?: number;
  readonly bytesProcessed?: number;
  readonly queryId?: string;
}

/**
 * What the warehouse says about a table's changes: a token that differs whenever the table's rows
 * or columns may have changed since it was read, or null with why when it cannot promise that
 * (statistics reset or switched off, a write too recent for the signal's resolution).
 */
export type ChangeSignal = { readonly token: string } | { readonly token: null; readonly unknown: string };

export interface ListTablesFilter {
  /** Schemas to list; adapters issue at most one catalog query per schema. */
  readonly schemas: readonly string[];
  /**
   * The config selects by tags, so each table's `tags` must be read. Adapters whose tags cost
   * another catalog query (Snowflake, Redshift) read them only then; others may always fill them.
   */
  readonly tags?: boolean;
  /**
   * The run is incremental: an adapter that can read each table's change signal in the listing's
   * own round trip may return it as `changeSignal` (the same signal `changeSignals` gives), which
   * saves that second catalog round trip. Others ignore it.
   */
  readonly changeSignals?: boolean;
}

/** `schema.table`, the key core uses for a table in maps and history. */
export function tableKey(ref: TableRef): string {
  return `${ref.schema}.${ref.table}`;
}

/** A result column by alias; drivers may fold alias case (Snowflake upper-cases unquoted aliases). */
export function valueAt(row: Row, alias: string): unknown {
  return alias in row ? row[alias] : row[alias.toUpperCase()];
}
