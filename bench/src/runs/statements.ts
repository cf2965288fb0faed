import type { ProfileRun } from '../profile-run.js';
import { count, millis } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import { median, sum } from '../stats.js';

/** Statements per table and in total, read from the runs' --json output (nothing is run for it). */
export function statementsReport(entries: ReadonlyArray<{ readonly label: string; readonly run: ProfileRun }>): ReportTable {
  const rows = entries.map(({ label, run }) => {
    const perTable = run.tables.map((t) => t.statementCount);
    const durations = run.tables.flatMap((t) => t.statementMs);
    return [
      label,
      count(run.tables.length),
      `${Math.min(...perTable)}-${Math.max(...perTable)}`,
      (sum(perTable) / perTable.length).toFixed(2),
      count(sum(perTable)),
      millis(median(durations)),
    ];
  });
  return {
    title: 'Statements per table and in total (from --json)',
    headers: ['run', 'tables', 'statements / table', 'mean / table', 'total statements', 'median statement'],
    rows,
    notes: [
      'docs/profiling.md: one aggregate statement per table (chunked past 250 expressions, about 35 columns) plus one histogram statement when the table has numeric columns with distinct min and max.',
    ],
  };
}
