import type { ProfileRun } from './profile-run.js';

/** Equal tables in rounds of W: the best speedup W workers can give T tables. */
export function idealSpeedup(tables: number, workers: number): number {
  return tables / Math.ceil(tables / workers);
}

/** From the first table's start to the last table's end: the schedule's length, without start-up or discovery. */
export function makespanMs(run: ProfileRun): number {
  const starts = run.tables.map((t) => t.startedAtMs);
  const ends = run.tables.map((t) => t.startedAtMs + t.durationMs);
  return Math.max(...ends) - Math.min(...starts);
}

/** No schedule of these durations on W workers is shorter than the longest table or the total shared evenly. */
export function makespanLowerBoundMs(durationsMs: readonly number[], workers: number): number {
  const total = durationsMs.reduce((a, b) => a + b, 0);
  return Math.max(Math.max(...durationsMs), total / workers);
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
