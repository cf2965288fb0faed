import { tableKey, type TableRunStatus } from '@baselinr/core';
import type { ReportData } from './report-data.js';

/** One table on the timeline, in milliseconds from the run's start. */
export interface TimelineBar {
  readonly table: string;
  /** 0-based worker slot. */
  readonly lane: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly status: TableRunStatus;
  readonly statements: number;
  readonly attempts: number;
  readonly retries: number;
  readonly error: string | null;
}

export interface TimelineLayout {
  readonly lanes: number;
  /** From the run's start to its end (or the last table's end when the end was not recorded). */
  readonly spanMs: number;
  /** Bars by start. */
  readonly bars: readonly TimelineBar[];
  /** Tables that never reached a worker (not in the catalog). */
  readonly unplaced: readonly string[];
  /** From the first table's start to the last one's end. */
  readonly makespanMs: number;
  readonly firstStartMs: number;
  /** Time each lane spent on tables. */
  readonly busyMs: readonly number[];
}

/** Places each timed table in its worker's lane; null when the run kept no timings (stored before layout 3). */
export function timelineLayout(data: Pick<ReportData, 'summary' | 'timings' | 'tables'>): TimelineLayout | null {
  const placed = data.timings.filter((t) => t.worker !== null);
  if (data.timings.length === 0) return null;
  const runs = new Map(data.tables.map((t) => [tableKey(t.run), t.run]));
  const starts = data.timings.map((t) => t.startedAt.getTime());
  const origin = data.summary?.startedAt.getTime() ?? Math.min(...starts);
  const bars = placed.map((t): TimelineBar => {
    const run = runs.get(tableKey(t));
    return {
      table: tableKey(t),
      lane: t.worker!,
      startMs: t.startedAt.getTime() - origin,
      endMs: t.finishedAt.getTime() - origin,
      status: run?.status ?? 'failed',
      statements: t.statementCount,
      attempts: t.statementAttempts,
      retries: t.retries,
      error: run?.error ?? null,
    };
  });
  const lastEnd = Math.max(0, ...bars.map((b) => b.endMs));
  const firstStart = bars.length === 0 ? 0 : Math.min(...bars.map((b) => b.startMs));
  const lanes = Math.max(data.summary?.effectiveWorkers ?? 0, ...bars.map((b) => b.lane + 1), 1);
  const finished = data.summary?.finishedAt ? data.summary.finishedAt.getTime() - origin : 0;
  return {
    lanes,
    spanMs: Math.max(lastEnd, finished, 1),
    bars,
    unplaced: data.timings.filter((t) => t.worker === null).map(tableKey),
    makespanMs: lastEnd - firstStart,
    firstStartMs: firstStart,
    busyMs: Array.from({ length: lanes }, (_, lane) => bars.filter((b) => b.lane === lane).reduce((sum, b) => sum + (b.endMs - b.startMs), 0)),
  };
}

/** Axis ticks at 1, 2 or 5 times a power of ten, about `count` of them across `spanMs`. */
export function axisTicks(spanMs: number, count = 8): number[] {
  const rough = spanMs / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}
