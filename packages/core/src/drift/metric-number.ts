/**
 * Stored metric values are text: plain numbers, exact text for big integers and decimals,
 * timestamps for temporal min/max, JSON for histograms. Drift compares the numbers among them.
 */
export type StoredValue = { readonly kind: 'null' } | { readonly kind: 'number'; readonly value: number } | { readonly kind: 'other' };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Exact text like `9007199254740993` becomes the nearest double: close enough for a percent change. */
export function readStoredValue(text: string | null): StoredValue {
  if (text === null) return { kind: 'null' };
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return { kind: 'other' };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'other' };
}

const NON_FINITE: Readonly<Record<string, number>> = { nan: NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, inf: Infinity, '-inf': -Infinity };

/** NaN, Infinity or -Infinity as a float column's metric stores them (`-Infinity`), else undefined. */
export function readNonFinite(text: string | null): number | undefined {
  return text === null ? undefined : NON_FINITE[text.trim().toLowerCase()];
}

/** Rounds away floating-point noise (14.999999999999998 is 15) so thresholds hold at their boundaries. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}
