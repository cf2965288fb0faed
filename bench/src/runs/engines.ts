import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { count, cpu, megabytes, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { sum } from '../stats.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse } from '../warehouse/warehouse.js';

export interface EngineRuns {
  readonly warehouse: BenchWarehouse;
  readonly runs: readonly ProfileRun[];
}

/** The same equal set in each engine, profiled directly (no proxy) at 1 and 4 workers. */
export async function engineRuns(ctx: BenchContext, warehouse: BenchWarehouse, set: TableSet): Promise<EngineRuns> {
  const { source, schema } = warehouse.source(set);
  const runs: ProfileRun[] = [];
  for (const workers of [1, 4]) {
    runs.push(await ctx.profile(`engines, ${warehouse.engine}, ${workers} worker(s)`, { source, tables: [{ schema, select_schema: true }], workers }));
  }
  return { warehouse, runs };
}

export function enginesReport(set: TableSet, results: readonly EngineRuns[]): ReportTable {
  const rows = results.flatMap(({ warehouse, runs }) =>
    runs.map((run) => [
      warehouse.engine,
      `${run.workers} -> ${run.effectiveWorkers}`,
      seconds(run.wallMs),
      seconds(run.engineMs),
      seconds(sum(run.tables.flatMap((t) => t.statementMs))),
      count(sum(run.tables.map((t) => t.statementCount))),
      cpu(run.cpuSeconds),
      megabytes(run.peakRssMb),
    ]),
  );
  const first = set.tables[0];
  return {
    title: `Engines: ${set.tables.length} equal tables (${first?.rows ?? 0} rows x ${first?.columns.length ?? 0} columns) in SQLite, MariaDB and PostgreSQL, no proxy`,
    headers: ['engine', 'workers (asked -> effective)', 'wall', 'engine', 'statement time', 'statements', 'CLI CPU', 'CLI peak RSS'],
    rows,
    notes: [
      'SQLite runs one worker whatever is asked (a single writer; the clamp is stated by the CLI). MariaDB and PostgreSQL run on the same 2 cores as the CLI, so more workers help only as far as the server has idle CPU.',
    ],
  };
}
