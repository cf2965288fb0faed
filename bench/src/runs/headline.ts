import type { BenchContext } from '../bench-context.js';
import type { ProfileRun } from '../profile-run.js';
import { percent, ratio, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { idealSpeedup } from '../stats.js';
import type { PostgresWarehouse } from '../warehouse/postgres-warehouse.js';

export interface HeadlineResult {
  readonly report: ReportTable;
  /** Fraction of ideal speedup at the most workers, on engine time and wall time. */
  readonly atMost: { readonly workers: number; readonly engine: number; readonly wall: number };
}

/**
 * The seed's headline: tables of about one second of server work each (views whose every scan
 * sleeps on the server, so the work costs this machine no CPU), 1 worker against the most.
 */
export async function headlineRun(ctx: BenchContext, postgres: PostgresWarehouse, schema: string): Promise<HeadlineResult> {
  const { headlineTables: tables, headlineSeconds } = ctx.options;
  const { source } = postgres.sourceFor(schema);
  const request = { source, tables: [{ schema, pattern: 'slow_*' }] };
  const most = Math.max(...ctx.options.workers);
  const runs = new Map<number, ProfileRun>();
  for (const workers of [1, most]) runs.set(workers, await ctx.profile(`headline, ${workers} worker(s)`, { ...request, workers, batchSize: 1 }));
  const base = runs.get(1)!;
  const top = runs.get(most)!;
  const ideal = idealSpeedup(tables, top.effectiveWorkers);
  const engine = base.engineMs / top.engineMs / ideal;
  const wall = base.wallMs / top.wallMs / ideal;
  const row = (workers: number, run: ProfileRun) => [
    String(workers),
    seconds(run.wallMs),
    seconds(run.engineMs),
    ratio(base.engineMs / run.engineMs),
    percent(base.engineMs / run.engineMs / idealSpeedup(tables, run.effectiveWorkers)),
    percent(base.wallMs / run.wallMs / idealSpeedup(tables, run.effectiveWorkers)),
  ];
  return {
    atMost: { workers: most, engine, wall },
    report: {
      title: `Headline: ${tables} tables of about ${(2 * headlineSeconds).toFixed(1)} s of server work each (two scans of ${headlineSeconds} s), PostgreSQL, 1 vs ${most} workers`,
      headers: ['workers', 'wall', 'engine', 'speedup (engine)', 'of ideal (engine)', 'of ideal (wall)'],
      rows: [row(1, base), row(most, top)],
      notes: [`Ideal speedup for ${tables} equal tables on ${most} workers: ${ratio(ideal)} (T / ceil(T / W)).`],
    },
  };
}
