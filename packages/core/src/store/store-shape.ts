import type { SqlDriver } from '../adapter/sql-driver.js';
import { ConfigError, type ErrorCause } from '../errors.js';

/**
 * Who made each of the tables whose names both tools use: absent, this product (`own`) or
 * Baselinr. A store may mix them: Baselinr's runs and results with this product's run details.
 */
export type TableOrigin = 'absent' | 'own' | 'baselinr';

export interface StoreShape {
  /** The runs table (`storage.runs_table`): Baselinr's has no duration_seconds or error_message. */
  readonly runs: TableOrigin;
  /** The table named `baselinr_events`: this product's event layout before layout 5, or Baselinr's. */
  readonly events: TableOrigin;
  /** `baselinr_schema_version`: this product recorded its layout there before layout 5. */
  readonly versions: TableOrigin;
  /** Whether `baselinr_store_layout` (this product's own version table, layout 5 on) exists. */
  readonly layoutTable: boolean;
}

/** The columns Baselinr selects from each table; a table of that name without them is neither tool's. */
const BASELINR_RUNS_COLUMNS = 'run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count';
const BASELINR_EVENTS_COLUMNS =
  'event_id, event_type, run_id, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, timestamp, metadata';

/** What a probe of a missing table or column fails with; anything else (a lost connection) is not an answer. */
const MISSING: ReadonlySet<string> = new Set<ErrorCause>(['object_not_found', 'syntax']);

/** A store this product cannot use as it is: exit code 2, and nothing in it was changed. */
export class StoreLayoutError extends ConfigError {}

/**
 * Looks at the store without changing it. Probes are plain SELECTs that return no rows: they run
 * the same on every database, where catalogs differ (pragma_table_info, information_schema).
 */
export async function inspectStore(
  driver: Pick<SqlDriver, 'query' | 'quoteIdentifier'>,
  names: { readonly runs: string; readonly baselinrEvents: string; readonly version: string; readonly layout: string },
): Promise<StoreShape> {
  const q = driver.quoteIdentifier;
  const selects = async (columns: string, table: string): Promise<boolean> => {
    try {
      await driver.query(`SELECT ${columns} FROM ${q(table)} WHERE 1 = 0`);
      return true;
    } catch (err) {
      // A driver's normalised cause, read by shape: a third-party driver's plain error counts as missing.
      const kind = (err as { kind?: unknown }).kind;
      if (typeof kind === 'string' && !MISSING.has(kind)) throw err;
      return false;
    }
  };
  const origin = async (table: string, ownColumn: string, baselinrColumns: string, what: string): Promise<TableOrigin> => {
    if (!(await selects('1', table))) return 'absent';
    if (await selects(ownColumn, table)) return 'own';
    if (await selects(baselinrColumns, table)) return 'baselinr';
    throw new StoreLayoutError(
      `results store: table ${table} has neither Baselinr's columns (${baselinrColumns}) nor this product's (${what}); ` +
        'nothing was changed. Point storage.connection at another database or schema, or rename that table.',
    );
  };
  const [runs, events, versions, layoutTable] = await Promise.all([
    origin(names.runs, 'duration_seconds', BASELINR_RUNS_COLUMNS, 'duration_seconds'),
    origin(names.baselinrEvents, 'baseline_run_id', BASELINR_EVENTS_COLUMNS, 'baseline_run_id'),
    // Baselinr's version table has migration_script and checksum; the one this product made before layout 5 has neither.
    origin(names.version, 'version, description', 'version, migration_script', 'version, description').then(async (o) =>
      o === 'own' && (await selects('migration_script', names.version)) ? 'baselinr' : o,
    ),
    selects('version', names.layout),
  ]);
  return { runs, events, versions, layoutTable };
}
