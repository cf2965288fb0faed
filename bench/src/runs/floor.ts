import type { BenchContext } from '../bench-context.js';
import { plannedStatements } from '../floor/planned-statements.js';
import { runPsqlFloor } from '../floor/psql-floor.js';
import type { ProfileRun } from '../profile-run.js';
import { ratio, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse, Endpoint } from '../warehouse/warehouse.js';

export interface FloorResult {
  readonly report: ReportTable;
  /** baselinr wall / psql wall at the most workers. */
  readonly wallRatioAtMost: number;
}

/**
 * psql at the same parallelism, through the same proxy, running the statements baselinr ran
 * (rebuilt by core's planner from the catalog and the run's own min/max). The ratio is what
 * the client adds: start-up, discovery, catalog batches, scheduling, storing results.
 */
export async function floorRun(
  ctx: BenchContext,
  warehouse: BenchWarehouse,
  set: TableSet,
  via: Endpoint,
  runs: ReadonlyMap<number, ProfileRun>,
  target: { readonly database: string; readonly user: string },
): Promise<FloorResult> {
  const { source, schema } = warehouse.source(set, via);
  const reference = [...runs.values()].at(-1)!;
  const statements = await plannedStatements(source, schema, reference);
  const rows = new Map(reference.tables.map((t) => [t.table, t.rowCount ?? 0]));
  let wallRatioAtMost = 0;
  const reportRows: string[][] = [];
  for (const run of runs.values()) {
    const floor = await ctx.repeated(`floor, ${run.effectiveWorkers} psql process(es)`, () => runPsqlFloor({ via, ...target, statements, rows, processes: run.effectiveWorkers }));
    const psqlMs = floor.wallMs;
    wallRatioAtMost = run.wallMs / psqlMs;
    reportRows.push([String(run.effectiveWorkers), seconds(psqlMs), seconds(run.wallMs), seconds(run.engineMs), ratio(run.wallMs / psqlMs), ratio(run.engineMs / psqlMs)]);
  }
  const total = [...statements.values()].reduce((n, s) => n + s.length, 0);
  return {
    wallRatioAtMost,
    report: {
      title: `Floor: the same ${total} statements run by psql at the same parallelism, through the same proxy`,
      headers: ['workers / psql processes', 'psql wall', 'baselinr wall', 'baselinr engine', 'wall / psql', 'engine / psql'],
      rows: reportRows,
      notes: [
        "Each psql process (-X -q -A -t -f share.sql) holds one connection and runs its share in order: a table's aggregate statement, then its histogram statement; shares are balanced on row counts (largest first onto the lightest share).",
        "The statements are rebuilt with core's planAggregates/planHistograms from the catalog description and the min/max the baselinr run reported, and checked against its per-table statement counts.",
        'baselinr wall includes Node start-up, discovery, catalog batches and the SQLite results store; psql wall includes psql start-up and its connection.',
      ],
    },
  };
}
