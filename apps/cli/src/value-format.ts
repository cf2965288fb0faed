import { readStoredValue, type HistogramBin } from '@baselinr/core';
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

/** The bin counts of a stored histogram, or null when the text is not one. */
export function histogramCounts(text: string): number[] | null {
  return histogramBins(text)?.map((b) => b.count) ?? null;
}

/** The bins of a stored histogram (edges and counts), or null when the text is not one. */
export function histogramBins(text: string): HistogramBin[] | null {
  if (!text.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every(isBin)) return null;
    return parsed;
  } catch {
    return null;
  }
}

function isBin(value: unknown): value is HistogramBin {
  const bin = value as Partial<Record<keyof HistogramBin, unknown>> | null;
  return typeof bin === 'object' && bin !== null && typeof bin.count === 'number' && typeof bin.lower === 'number' && typeof bin.upper === 'number';
}

/** `2025-03-01 08:00:00Z`: second precision reads better in a table than an ISO string. */
export function displayTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
