import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { cpu, megabytes, percent, ratio, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { idealSpeedup, makespanMs } from '../stats.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse, Endpoint } from '../warehouse/warehouse.js';

/** The largest `execution.batch_size`: every table of the equal set described by one catalog query. */
const ONE_CATALOG_QUERY = 100;

export interface ScalingResult {
  readonly report: ReportTable;
  /** By requested workers, default config: the floor and the statements report reuse these runs. */
  readonly runs: ReadonlyMap<number, ProfileRun>;
  /** By requested workers, `execution.batch_size: 1`: every table its own round trips. */
  readonly unbatched: ReadonlyMap<number, ProfileRun>;
  /** The most workers with every table described by one catalog query. */
  readonly oneCatalogQuery: ProfileRun;
  /** Fraction of ideal speedup at the most workers, on engine time and on wall time, per table (unbatched) and batched. */
  readonly atMost: { readonly workers: number; readonly engine: number; readonly wall: number; readonly batched: { readonly engine: number; readonly wall: number } };
}

/**
 * The equal set through the latency proxy at each worker count, then once more at the most
 * workers with every table described by one catalog query: tables are described lazily,
 * `batch_size` (10) per query, and the query is on the path of the tables waiting for it.
 *
 * Speedup is shown three ways: on wall time (what the user waits for, with Node's start-up), on
 * the engine's run time (`durationMs`: connecting, discovery, profiling, storing) and on the
 * makespan of the tables alone (first start to last end), the part the scheduler parallelises.
 */
export async function scalingRun(ctx: BenchContext, warehouse: BenchWarehouse, set: TableSet, via: Endpoint): Promise<ScalingResult> {
  const { source, schema } = warehouse.source(set, via);
  const request = { source, tables: [{ schema, select_schema: true }] };
  const runs = new Map<number, ProfileRun>();
  const unbatched = new Map<number, ProfileRun>();
  for (const workers of ctx.options.workers) {
    runs.set(workers, await ctx.profile(`scaling, ${workers} worker(s)`, { ...request, workers }));
    unbatched.set(workers, await ctx.profile(`scaling, ${workers} worker(s), batch_size 1`, { ...request, workers, batchSize: 1 }));
  }
  const most = Math.max(...ctx.options.workers);
  const oneQuery = await ctx.profile(`scaling, ${most} worker(s), batch_size ${ONE_CATALOG_QUERY}`, { ...request, workers: most, batchSize: ONE_CATALOG_QUERY });

  const tables = set.tables.length;
  const least = ctx.options.workers[0]!;
  const ofIdeal = (base: ProfileRun) => (run: ProfileRun) => {
    const ideal = idealSpeedup(tables, run.effectiveWorkers) / idealSpeedup(tables, base.effectiveWorkers);
    return {
      ideal,
      speedup: base.engineMs / run.engineMs,
      engine: base.engineMs / run.engineMs / ideal,
      wall: base.wallMs / run.wallMs / ideal,
      makespan: makespanMs(base) / makespanMs(run) / ideal,
    };
  };
  const batchedOfIdeal = ofIdeal(runs.get(least)!);
  const unbatchedOfIdeal = ofIdeal(unbatched.get(least)!);
  const row = (label: string, run: ProfileRun, fractions: (run: ProfileRun) => ReturnType<typeof batchedOfIdeal>) => {
    const f = fractions(run);
    return [
      label,
      seconds(run.wallMs),
      seconds(run.engineMs),
      seconds(makespanMs(run)),
      ratio(f.speedup),
      ratio(f.ideal),
      percent(f.wall),
      percent(f.engine),
      percent(f.makespan),
      cpu(run.cpuSeconds),
      megabytes(run.peakRssMb),
    ];
  };
  const mostRun = unbatched.get(most)!;
  const mostBatched = batchedOfIdeal(runs.get(most)!);
  const first = set.tables[0];
  return {
    runs,
    unbatched,
    oneCatalogQuery: oneQuery,
    atMost: {
      workers: mostRun.effectiveWorkers,
      engine: unbatchedOfIdeal(mostRun).engine,
      wall: unbatchedOfIdeal(mostRun).wall,
      batched: { engine: mostBatched.engine, wall: mostBatched.wall },
    },
    report: {
      title: `Scaling: ${tables} equal tables (${first?.rows ?? 0} rows x ${first?.columns.length ?? 0} columns), ${ctx.options.latencyMs} ms proxy latency each way`,
      headers: ['workers', 'wall', 'engine', 'tables makespan', 'speedup', 'ideal', 'of ideal (wall)', 'of ideal (engine)', 'of ideal (makespan)', 'CLI CPU', 'CLI peak RSS'],
      rows: [
        ...[...unbatched.values()].map((run) => row(`${run.effectiveWorkers}, batch_size 1`, run, unbatchedOfIdeal)),
        ...[...runs.values()].map((run) => row(String(run.effectiveWorkers), run, batchedOfIdeal)),
        row(`${oneQuery.effectiveWorkers}, batch_size ${ONE_CATALOG_QUERY}`, oneQuery, batchedOfIdeal),
      ],
      notes: [
        `batch_size 1: every table its own round trips (aggregate, histogram, describe), the regime the concurrency target judges; speedup relative to ${least} worker(s) at batch_size 1.`,
        `Default (batch_size 10): small tables share round trips (UNION ALL batches) at every worker count, so the 1-worker baseline already saves most round trips and what is left to divide is the server's CPU work; speedup relative to ${least} worker(s) at the default.`,
        `ideal = T / ceil(T / W). speedup is on engine time. wall: the process, Node start-up included; engine: --json durationMs (connect, discovery, profiling, storing); makespan: first table start to last table end.`,
        `The last row is the default config but for execution.batch_size ${ONE_CATALOG_QUERY}: one catalog query describes every table, instead of one query per 10 tables made when the first of them is due.`,
        "CLI CPU (user + system, all threads) and peak RSS are the CLI process's own, from process.resourceUsage() at exit.",
      ],
    },
  };
}
