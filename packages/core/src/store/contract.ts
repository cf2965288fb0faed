import type { TableRef } from '../adapter/contract.js';
import type { ColumnProfile } from '../engine/profile-table.js';

export const STORE_SCHEMA_VERSION = 1;

export type TableRunStatus = 'succeeded' | 'failed' | 'cancelled';

/** Everything stored for one table of one run: written in one transaction, or not at all. */
export interface TableRunRecord extends TableRef {
  readonly runId: string;
  readonly environment: string;
  readonly profiledAt: Date;
  readonly status: TableRunStatus;
  readonly durationSeconds: number;
  readonly rowCount: number | null;
  readonly columnCount: number | null;
  readonly error: string | null;
  readonly columns: readonly ColumnProfile[];
}

export interface ResultsStore {
  /** Creates the tables on first use and records the schema version; idempotent. */
  ensureSchema(): Promise<void>;
  saveTableRun(record: TableRunRecord): Promise<void>;
  /** The duration of each table's latest successful run, keyed by `schema.table`. */
  lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export function tableKey(ref: TableRef): string {
  return `${ref.schema}.${ref.table}`;
}
