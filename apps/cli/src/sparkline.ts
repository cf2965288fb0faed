const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A one-line chart of a series, lowest value as ▁ and highest as █; a gap (null) is a space.
 * A flat series is drawn at the bottom so it reads as "no change", not as a peak. `fromZero`
 * scales from 0 instead of the lowest value, for counts such as histogram bins.
 */
export function sparkline(values: ReadonlyArray<number | null>, { fromZero = false } = {}): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return ' '.repeat(values.length);
  const low = fromZero ? Math.min(0, ...present) : Math.min(...present);
  const span = Math.max(...present) - low;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (span === 0) return BARS[0];
      return BARS[Math.round(((v - low) / span) * (BARS.length - 1))];
    })
    .join('');
}
