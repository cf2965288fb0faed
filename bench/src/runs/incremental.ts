import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { count, percent, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { sum } from '../stats.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { PostgresWarehouse } from '../warehouse/postgres-warehouse.js';
import type { Endpoint } from '../warehouse/warehouse.js';

export interface IncrementalResult {
  readonly report: ReportTable;
  /** The unchanged run's engine and wall time over the first run's. */
  readonly engineFraction: number;
  readonly wallFraction: number;
  /** Profiling statements the unchanged run sent (its tables' statement counts). */
  readonly unchangedStatements: number;
  /** Whether the run after one table changed profiled exactly that table. */
  readonly changedProfiled: boolean;
}

const statements = (run: ProfileRun) => sum(run.tables.map((t) => t.statementCount));

/**
 * `incremental.enabled` on the equal shape through the latency proxy, one results store for all
 * three runs: the first profiles every table and records its change token; the second finds
 * nothing changed; then one row of one table changes and the third must profile that table alone.
 */
export async function incrementalRun(ctx: BenchContext, warehouse: PostgresWarehouse, set: TableSet, via: Endpoint): Promise<IncrementalResult> {
  const workers = Math.max(...ctx.options.workers);
  const { source, schema } = warehouse.source(set, via);
  const storeDir = mkdtempSync(join(tmpdir(), 'baselinr-bench-incremental-'));
  try {
    const request = { source, tables: [{ schema, select_schema: true }], workers, storeDir, incremental: true };
    // Each measurement needs a store without state, and one with: not repeated (--repeat would skip the first run's work).
    const first = await ctx.profile(`incremental: first run, ${set.tables.length} tables`, request, 1);
    const unchanged = await ctx.profile(`incremental: nothing changed, ${set.tables.length} tables`, request, 1);
    const changed = set.tables[Math.floor(set.tables.length / 2)]!.name;
    await warehouse.touch(set, changed);
    const oneChanged = await ctx.profile(`incremental: ${changed} changed`, request, 1);
    const row = (label: string, run: ProfileRun) => [label, count(run.tables.length), count(run.skipped), count(statements(run)), seconds(run.wallMs), seconds(run.engineMs)];
    const engineFraction = unchanged.engineMs / first.engineMs;
    const wallFraction = unchanged.wallMs / first.wallMs;
    return {
      engineFraction,
      wallFraction,
      unchangedStatements: statements(unchanged),
      changedProfiled: oneChanged.tables.length === 1 && oneChanged.tables[0]!.table === changed,
      report: {
        title: `Incremental profiling: ${count(set.tables.length)} tables of ${count(set.tables[0]?.rows ?? 0)} rows, PostgreSQL through the latency proxy (${ctx.options.latencyMs} ms each way), ${workers} workers`,
        headers: ['run', 'profiled', 'skipped', 'statements', 'wall', 'engine'],
        rows: [
          row('first (no state)', first),
          row('nothing changed', unchanged),
          row(`one row of ${changed} changed`, oneChanged),
          ['unchanged / first', '-', '-', '-', percent(wallFraction), percent(engineFraction)],
        ],
        notes: [
          'Statements are the profiling statements of each table as `--json` reports them; the change signals (pg_stat_all_tables counters) come with the table listing, in its one catalog query, and each run reads and writes baselinr_table_state in the SQLite results store.',
        ],
      },
    };
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }
}
