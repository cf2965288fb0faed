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
  /** The most workers with every table described by one catalog query. */
  readonly oneCatalogQuery: ProfileRun;
  /** Fraction of ideal speedup at the most workers, on engine time and on wall time. */
  readonly atMost: { readonly workers: number; readonly engine: number; readonly wall: number };
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
  for (const workers of ctx.options.workers) {
    runs.set(workers, await ctx.profile(`scaling, ${workers} worker(s)`, { ...request, workers }));
  }
  const most = Math.max(...ctx.options.workers);
  const oneQuery = await ctx.profile(`scaling, ${most} worker(s), batch_size ${ONE_CATALOG_QUERY}`, { ...request, workers: most, batchSize: ONE_CATALOG_QUERY });

  const base = runs.get(ctx.options.workers[0]!)!;
  const tables = set.tables.length;
  const fractions = (run: ProfileRun) => {
    const ideal = idealSpeedup(tables, run.effectiveWorkers) / idealSpeedup(tables, base.effectiveWorkers);
    return {
      ideal,
      speedup: base.engineMs / run.engineMs,
      engine: base.engineMs / run.engineMs / ideal,
      wall: base.wallMs / run.wallMs / ideal,
      makespan: makespanMs(base) / makespanMs(run) / ideal,
    };
  };
  const row = (label: string, run: ProfileRun) => {
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
  const mostRun = runs.get(most)!;
  const first = set.tables[0];
  return {
    runs,
    oneCatalogQuery: oneQuery,
    atMost: { workers: mostRun.effectiveWorkers, engine: fractions(mostRun).engine, wall: fractions(mostRun).wall },
    report: {
      title: `Scaling: ${tables} equal tables (${first?.rows ?? 0} rows x ${first?.columns.length ?? 0} columns), ${ctx.options.latencyMs} ms proxy latency each way`,
      headers: ['workers', 'wall', 'engine', 'tables makespan', 'speedup', 'ideal', 'of ideal (wall)', 'of ideal (engine)', 'of ideal (makespan)', 'CLI CPU', 'CLI peak RSS'],
      rows: [...[...runs.values()].map((run) => row(String(run.effectiveWorkers), run)), row(`${oneQuery.effectiveWorkers}, batch_size ${ONE_CATALOG_QUERY}`, oneQuery)],
      notes: [
        `ideal = T / ceil(T / W), relative to ${base.effectiveWorkers} worker(s). speedup is on engine time. wall: the process, Node start-up included; engine: --json durationMs (connect, discovery, profiling, storing); makespan: first table start to last table end.`,
        `The last row is the default config but for execution.batch_size ${ONE_CATALOG_QUERY}: one catalog query describes every table, instead of one query per 10 tables made when the first of them is due.`,
        "CLI CPU (user + system, all threads) and peak RSS are the CLI process's own, from process.resourceUsage() at exit.",
      ],
    },
  };
}
