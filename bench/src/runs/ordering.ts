import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { cpu, megabytes, ratio, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { makespanLowerBoundMs, makespanMs, median } from '../stats.js';
import { prepareSet, type GenerationRecord } from '../warehouse/prepare-set.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse, Endpoint } from '../warehouse/warehouse.js';

export interface OrderingResult {
  readonly report: ReportTable;
  readonly generation: GenerationRecord;
  /** Every run, in the order they ran: selection order, then longest first, per pair. */
  readonly runs: ReadonlyArray<{ readonly order: 'selection' | 'longest_first'; readonly run: ProfileRun }>;
  /** Median over the pairs of ordered makespan / its lower bound. */
  readonly orderedToBound: number;
}

interface Scored {
  readonly run: ProfileRun;
  readonly makespan: number;
  readonly bound: number;
}

function score(run: ProfileRun): Scored {
  return {
    run,
    makespan: makespanMs(run),
    bound: makespanLowerBoundMs(
      run.tables.map((t) => t.durationMs),
      run.effectiveWorkers,
    ),
  };
}

/**
 * The skewed set with and without longest-expected-first ordering, both through the CLI with a
 * fresh results store (no history). Without: the tables have never been analyzed, so the
 * catalog has no row estimates and the engine keeps selection order (names sort by ascending
 * size: the largest table is taken last). With: the same tables after ANALYZE. Nothing else
 * differs: same binary, config, data and workers. A catalog cannot forget its estimates, so
 * each repeat regenerates the (deterministic) set and runs one adjacent pair: machine load
 * drifts less within a pair than across a series.
 */
export async function orderingRun(ctx: BenchContext, warehouse: BenchWarehouse, set: TableSet, via: Endpoint): Promise<OrderingResult> {
  const workers = ctx.options.skewedWorkers;
  const { source, schema } = warehouse.source(set, via);
  const request = { source, tables: [{ schema, select_schema: true }], workers };
  const pairs: Array<{ without: Scored; with: Scored }> = [];
  let generation: GenerationRecord | undefined;
  for (let i = 0; i < ctx.options.repeat; i++) {
    ctx.log(`generating postgres ${set.schema}: ${set.tables.length} tables`);
    const record = await prepareSet(warehouse, set, { analyze: false });
    generation ??= record;
    const unestimated = await warehouse.tablesWithoutEstimate(set);
    if (unestimated !== set.tables.length) {
      throw new Error(`ordering: ${set.tables.length - unestimated} skewed table(s) already have row estimates; the unordered run needs a catalog without them`);
    }
    const without = score(await ctx.profile('skewed, selection order', request, 1));
    await warehouse.analyze(set);
    pairs.push({ without, with: score(await ctx.profile('skewed, longest expected first', request, 1)) });
  }

  const largest = set.tables.reduce((a, b) => (b.rows > a.rows ? b : a)).name;
  const row = (label: string, { run, makespan, bound }: Scored) => {
    const first = Math.min(...run.tables.map((t) => t.startedAtMs));
    const largestStart = run.tables.find((t) => t.table === largest)!.startedAtMs - first;
    return [label, seconds(makespan), seconds(bound), ratio(makespan / bound), seconds(largestStart), seconds(run.wallMs), cpu(run.cpuSeconds), megabytes(run.peakRssMb)];
  };
  const sizes = set.tables.map((t) => t.rows);
  const gains = pairs.map((p) => p.without.makespan / p.with.makespan);
  return {
    generation: generation!,
    runs: pairs.flatMap((p) => [
      { order: 'selection' as const, run: p.without.run },
      { order: 'longest_first' as const, run: p.with.run },
    ]),
    orderedToBound: median(pairs.map((p) => p.with.makespan / p.with.bound)),
    report: {
      title: `Ordering: ${set.tables.length} skewed tables (${Math.min(...sizes)} to ${Math.max(...sizes)} rows), ${workers} workers, ${ctx.options.latencyMs} ms proxy latency each way`,
      headers: ['order', 'makespan', 'lower bound', 'makespan / bound', 'largest table starts at', 'wall', 'CLI CPU', 'CLI peak RSS'],
      rows: pairs.flatMap((p) => [row('selection order (no row estimates)', p.without), row('longest expected first (after ANALYZE)', p.with)]),
      notes: [
        `makespan: first table start to last table end (--json startedAt + durationMs). lower bound = max(longest table, sum of table durations / ${workers}), from that run's own table durations: how close the schedule came to the best packing of the work as it ran.`,
        `Unordered makespan / ordered makespan: ${gains.map(ratio).join(', ')}${pairs.length > 1 ? ' (one per pair)' : ''}. Table durations differ between the runs: on 2 cores, tables running together share the CPU with PostgreSQL, the CLI and the proxy.`,
        "Both runs use a fresh results store, so no history; the catalog's row estimates are the only difference.",
      ],
    },
  };
}
