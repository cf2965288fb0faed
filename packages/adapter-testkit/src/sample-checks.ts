/** A profiled table as the engine returns it and `--json` prints it: enough to compare samples. */
export interface ProfiledTable {
  readonly rowCount?: number | null;
  readonly columns: ReadonlyArray<{ readonly column: string; readonly metrics: Readonly<Record<string, unknown>> }>;
}

/**
 * Per column with a histogram, its bins' counts summed beside the non-null count the aggregate
 * statement found: equal when the histogram statement read the same sampled rows.
 */
export function histogramTotals(table: ProfiledTable): Array<{ column: string; binned: number; nonNull: number }> {
  return table.columns
    .filter((c) => Array.isArray(c.metrics.histogram))
    .map((c) => ({
      column: c.column,
      binned: (c.metrics.histogram as Array<{ count: number }>).reduce((sum, bin) => sum + bin.count, 0),
      nonNull: Number(c.metrics.count) - Number(c.metrics.null_count),
    }));
}

/** Every column's metrics by name, to compare two profiles of the same sample. */
export function metricsByColumn(table: ProfiledTable): Record<string, Readonly<Record<string, unknown>>> {
  return Object.fromEntries(table.columns.map((c) => [c.column, c.metrics]));
}
