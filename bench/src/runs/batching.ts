import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { count, ratio, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { sum } from '../stats.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse, Endpoint } from '../warehouse/warehouse.js';

/** Tables per shared round trip when batching is on (`execution.batch_size`). */
const BATCH_SIZE = 10;

export interface BatchingResult {
  readonly report: ReportTable;
  readonly on: ProfileRun;
  /** Wall time without batching / with it. */
  readonly speedup: number;
  /** Statements the warehouse received per table, with batching on. */
  readonly statementsPerTable: number;
}

const statementsPerTable = (run: ProfileRun) => sum(run.tables.map((t) => t.roundTrips)) / run.tables.length;

/**
 * Many tiny tables through the latency proxy, the most workers, batching off (`batch_size` 1)
 * and on, in the same sitting: where per-table round trips dominate, sharing them is the gain.
 */
export async function batchingRun(ctx: BenchContext, warehouse: BenchWarehouse, set: TableSet, via: Endpoint): Promise<BatchingResult> {
  const workers = Math.max(...ctx.options.workers);
  const { source, schema } = warehouse.source(set, via);
  const request = { source, tables: [{ schema, select_schema: true }], workers, queueSize: 1000 };
  const off = await ctx.profile(`batching off, ${set.tables.length} tables`, { ...request, batchSize: 1 });
  const on = await ctx.profile(`batching on (batch_size ${BATCH_SIZE}), ${set.tables.length} tables`, { ...request, batchSize: BATCH_SIZE });
  const row = (label: string, run: ProfileRun) => [
    label,
    seconds(run.wallMs),
    seconds(run.engineMs),
    statementsPerTable(run).toFixed(2),
    count(Math.round(sum(run.tables.map((t) => t.roundTrips)))),
  ];
  return {
    on,
    speedup: off.wallMs / on.wallMs,
    statementsPerTable: statementsPerTable(on),
    report: {
      title: `Batching: ${count(set.tables.length)} tables of ${set.tables[0]?.rows ?? 0} rows, PostgreSQL through the latency proxy (${ctx.options.latencyMs} ms each way), ${workers} workers`,
      headers: ['batching', 'wall', 'engine', 'statements / table', 'statements'],
      rows: [
        row('off (batch_size 1)', off),
        row(`on (batch_size ${BATCH_SIZE})`, on),
        ['speedup (wall)', ratio(off.wallMs / on.wallMs), ratio(off.engineMs / on.engineMs), '-', '-'],
      ],
      notes: [
        'Tables expected to be small (catalog estimate <= 10,000 rows, or <= 0.5 s last time) share round trips: each round is one UNION ALL statement for up to batch_size tables. Statements counts what the warehouse received: a statement shared by n tables counts 1/n for each.',
      ],
    },
  };
}
