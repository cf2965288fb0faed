import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineNotes } from '../environment.js';
import type { ProfileRun } from '../profile-run.js';
import { renderReportTable, type ReportTable } from './report-table.js';

export interface NamedReport {
  /** File name: `<name>.md` and `<name>.json`. */
  readonly name: string;
  readonly table: ReportTable;
  /** Raw figures behind the table. */
  readonly data?: unknown;
}

export interface BenchSummary {
  readonly command: string;
  readonly machine: MachineNotes;
  readonly options: unknown;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly durationSeconds: number;
  readonly reports: readonly NamedReport[];
}

/** A run's figures without per-table detail past 100 tables (the tiny set would be megabytes). */
export function runData(run: ProfileRun) {
  const first = Math.min(...run.tables.map((t) => t.startedAtMs));
  return {
    workers: run.workers,
    effectiveWorkers: run.effectiveWorkers,
    wallMs: Math.round(run.wallMs),
    engineMs: run.engineMs,
    cpuSeconds: Math.round(run.cpuSeconds * 1000) / 1000,
    peakRssMb: Math.round(run.peakRssMb * 10) / 10,
    tableCount: run.tables.length,
    statementCount: run.tables.reduce((n, t) => n + t.statementCount, 0),
    ...(run.tables.length <= 100
      ? { tables: run.tables.map((t) => ({ table: t.table, rows: t.rowCount, startMs: t.startedAtMs - first, durationMs: t.durationMs, statementMs: t.statementMs })) }
      : {}),
  };
}

function header(summary: BenchSummary): string {
  const m = summary.machine;
  return [
    `Run ${m.date} with \`${summary.command}\` (${summary.durationSeconds.toFixed(0)} s).`,
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres} on loopback; 1-minute load average ${summary.loadAverage.start} at start, ${summary.loadAverage.end} at end.`,
  ].join('\n');
}

/** `<out>/<name>.md|json` per report, and `summary.md|json` with every table. */
export function writeResults(out: string, summary: BenchSummary): string {
  mkdirSync(out, { recursive: true });
  for (const report of summary.reports) {
    writeFileSync(join(out, `${report.name}.md`), `${header(summary)}\n\n${renderReportTable(report.table)}\n`);
    writeFileSync(join(out, `${report.name}.json`), `${JSON.stringify({ machine: summary.machine, command: summary.command, ...report }, null, 2)}\n`);
  }
  const markdown = [`# Baselinr benchmark results`, '', header(summary), '', ...summary.reports.map((r) => `${renderReportTable(r.table)}\n`)].join('\n');
  writeFileSync(join(out, 'summary.md'), markdown);
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return join(out, 'summary.md');
}
