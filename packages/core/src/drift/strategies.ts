import { tidy } from './metric-number.js';
import { severityFor, type Thresholds } from './severity.js';
import type { DriftSeverity } from '../store/contract.js';

/** What a strategy concludes about one metric: no drift is a null severity. */
export interface Assessment {
  readonly severity: DriftSeverity | null;
  /** Signed percent change from the baseline; null when the baseline is zero and the value is not. */
  readonly changePercent: number | null;
  readonly note: string;
}

export const NEW_NON_ZERO = 'new non-zero';

export function percentChange(baseline: number, current: number): number | null {
  if (baseline === 0) return current === 0 ? 0 : null;
  return tidy(((current - baseline) / Math.abs(baseline)) * 100);
}

export function formatPercent(percent: number): string {
  const rounded = Number(percent.toFixed(2));
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

/**
 * `absolute_threshold`: the percent change from the baseline run. A zero baseline has no percent
 * change: staying zero is no drift, anything else is high drift (`new non-zero`).
 */
export function assessAbsolute(baseline: number, current: number, thresholds: Thresholds): Assessment {
  const changePercent = percentChange(baseline, current);
  if (changePercent === null) return { severity: 'high', changePercent, note: NEW_NON_ZERO };
  const severity = current === baseline ? null : severityFor(Math.abs(changePercent), thresholds);
  return { severity, changePercent, note: formatPercent(changePercent) };
}

/**
 * `standard_deviation`: how many (sample) standard deviations the current value lies from the
 * mean of `history`, the metric's values in the last `window` runs up to the baseline. A history
 * without spread (one run, or the same value every run) cannot scale a change: any change from it
 * is high drift, no change is none.
 */
export function assessDeviation(history: readonly number[], baseline: number, current: number, thresholds: Thresholds): Assessment {
  const values = history.length > 0 ? history : [baseline];
  const changePercent = percentChange(baseline, current);
  const change = changePercent === null ? NEW_NON_ZERO : formatPercent(changePercent);
  const runs = `${values.length} run${values.length === 1 ? '' : 's'}`;
  // Exact equality, not a computed stddev of zero: the mean of [0.1, 0.1, 0.1] is not exactly 0.1.
  if (values.every((v) => v === values[0])) {
    const constant = values[0]!;
    if (current === constant) return { severity: null, changePercent, note: change };
    return { severity: 'high', changePercent, note: `${change}, history constant at ${short(constant)} over ${runs}` };
  }
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const stddev = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
  const deviations = tidy(Math.abs(current - mean) / stddev);
  return { severity: severityFor(deviations, thresholds), changePercent, note: `${change}, ${deviations.toFixed(2)}σ from mean ${short(mean)} of ${runs}` };
}

function short(n: number): string {
  return String(Number(n.toPrecision(6)));
}
