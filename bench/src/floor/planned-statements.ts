import { adapter as postgres } from '@baselinr/adapter-postgres';
import { isNumericKind, planAggregates, poolPolicy, planHistograms, validateConfig, type ColumnKind, type HistogramRange, type TableDescription } from '@baselinr/core';
import type { ProfileRun, TableTiming } from '../profile-run.js';
import type { SourceConfig } from '../warehouse/warehouse.js';

/**
 * The statements baselinr ran for each table of `run`, rebuilt with core's own planner: the
 * aggregate statements from the catalog description and the config's metrics, the histogram
 * statement from the min/max the run reported (the bounds the engine used). Checked against
 * the run's statement counts, so a floor never runs different work from the run it is compared with.
 */
export async function plannedStatements(source: SourceConfig, schema: string, run: ProfileRun): Promise<Map<string, string[]>> {
  const config = validateConfig({ source, profiling: { tables: [{ schema, select_schema: true }] } });
  const { profiling } = config;
  const metrics = new Set(profiling.metrics);
  const session = await postgres.connect(config.source, { policy: poolPolicy(postgres.limits(config.source).pool, 1), runId: 'bench-floor-plan' });
  try {
    const descriptions = await session.describeTables(run.tables.map((t) => ({ schema, table: t.table })));
    const byName = new Map(descriptions.map((d) => [d.table, d]));
    const planned = new Map<string, string[]>();
    for (const timing of run.tables) {
      const description = byName.get(timing.table);
      if (!description) throw new Error(`${schema}.${timing.table} is not in the catalog`);
      const aggregates = planAggregates(description, metrics, session.dialect).map((s) => s.sql);
      const histograms =
        profiling.compute_histograms && metrics.has('histogram')
          ? planHistograms(description, histogramRanges(description, timing), profiling.histogram_bins, session.dialect).map((s) => s.sql)
          : [];
      const statements = [...aggregates, ...histograms];
      if (statements.length !== timing.statementCount) {
        throw new Error(`${timing.table}: planned ${statements.length} statements, baselinr ran ${timing.statementCount}`);
      }
      planned.set(timing.table, statements);
    }
    return planned;
  } finally {
    await session.close();
  }
}

/** As the engine does: numeric columns with finite, distinct bounds get a histogram scan. */
function histogramRanges(description: TableDescription, timing: TableTiming): HistogramRange[] {
  const reported = new Map(timing.columns.map((c) => [c.name, c]));
  const ranges: HistogramRange[] = [];
  for (const column of description.columns) {
    if (!isNumericKind(column.kind as ColumnKind)) continue;
    const bounds = reported.get(column.name);
    const min = toNumber(bounds?.min);
    const max = toNumber(bounds?.max);
    if (min !== null && max !== null && min < max) ranges.push({ column, min, max });
  }
  return ranges;
}

function toNumber(value: unknown): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
