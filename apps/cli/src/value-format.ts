import { readStoredValue, type HistogramBin, type MetricValue } from '@baselinr/core';
import { sparkline } from './sparkline.js';

const MAX_TEXT = 32;

/**
 * A stored metric value for a terminal table: integers and exact text as stored, long fractions
 * to 6 significant digits, histograms as a sparkline of their bins. `--json` keeps the stored text.
 */
export function displayValue(text: string | null): string {
  if (text === null) return 'null';
  const stored = readStoredValue(text);
  if (stored.kind === 'number') return /^-?\d+$/.test(text.trim()) ? text.trim() : String(Number(stored.value.toPrecision(6)));
  const bins = histogramCounts(text);
  if (bins) return `${sparkline(bins, { fromZero: true })} (${bins.length} bins)`;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

const INTEGER = /^-?\d+$/;

/**
 * Orders two stored numeric texts exactly: integers as BigInt (9007199254740993 is above
 * 9007199254740992, which doubles cannot tell apart), anything else as doubles.
 */
export function compareStoredNumbers(a: string, b: string): number {
  const [x, y] = [a.trim(), b.trim()];
  if (INTEGER.test(x) && INTEGER.test(y)) return BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0;
  return Number(x) - Number(y);
}

/** The smallest and largest of stored values that are numbers, as their stored text (never rounded). */
export function storedExtremes(texts: ReadonlyArray<string | null>): { min: string; max: string } | undefined {
  const numeric = texts.filter((t): t is string => t !== null && readStoredValue(t).kind === 'number').sort(compareStoredNumbers);
  return numeric.length === 0 ? undefined : { min: numeric[0]!, max: numeric.at(-1)! };
}

/** The bin counts of a stored histogram, or null when the text is not one. */
export function histogramCounts(text: string): number[] | null {
  return histogramBins(text)?.map((b) => b.count) ?? null;
}

/**
 * The bins of a stored histogram (edges and counts), or null when the text is not one. Baselinr's
 * shape (`bin_start`, `bin_end`, `count`: Baselinr's runs, and this product's since it writes
 * that) and the `lower`/`upper` one stores written by earlier releases hold both read.
 */
export function histogramBins(text: string): HistogramBin[] | null {
  if (!text.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const bins = parsed.map(toBin);
    return bins.every((bin): bin is HistogramBin => bin !== null) ? bins : null;
  } catch {
    return null;
  }
}

function toBin(value: unknown): HistogramBin | null {
  if (typeof value !== 'object' || value === null) return null;
  const bin = value as Record<string, unknown>;
  const lower = bin.bin_start ?? bin.lower;
  const upper = bin.bin_end ?? bin.upper;
  return typeof lower === 'number' && typeof upper === 'number' && typeof bin.count === 'number' ? { lower, upper, count: bin.count } : null;
}

/**
 * Metrics for `--json`: JSON has no NaN or Infinity (JSON.stringify would print null), so those
 * become the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, the text the results store holds.
 */
export function jsonMetrics(metrics: Readonly<Record<string, MetricValue | undefined>>): Record<string, MetricValue | undefined> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, typeof value === 'number' && !Number.isFinite(value) ? String(value) : value]));
}

/** `2025-03-01 08:00:00Z`: second precision reads better in a table than an ISO string. */
export function displayTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
