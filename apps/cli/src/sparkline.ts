const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Each value's height in a chart of the series, from 0 (lowest) to 1 (highest); a gap (null) stays
 * null. A flat series sits at 0 so it reads as "no change", not as a peak. `fromZero` scales from
 * 0 instead of the lowest value, for counts such as histogram bins.
 */
export function scaleSeries(values: ReadonlyArray<number | null>, { fromZero = false } = {}): Array<number | null> {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return values.map(() => null);
  const low = fromZero ? Math.min(0, ...present) : Math.min(...present);
  const span = Math.max(...present) - low;
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : span === 0 ? 0 : (v - low) / span));
}

/** A one-line chart of a series, lowest value as ▁ and highest as █; a gap (null) is a space. */
export function sparkline(values: ReadonlyArray<number | null>, options: { fromZero?: boolean } = {}): string {
  return scaleSeries(values, options)
    .map((h) => (h === null ? ' ' : BARS[Math.round(h * (BARS.length - 1))]))
    .join('');
}
