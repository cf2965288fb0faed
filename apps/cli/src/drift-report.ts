import {
  meaningsReason,
  tableKey,
  type DatasetComparison,
  type DriftEvent,
  type DriftReport,
  type DriftSeverity,
  type ListedDriftEvent,
  type RowSelectionComparison,
  type RowSelectionDifference,
} from '@baselinr/core';
import { textTable } from './format.js';
import { displayValue } from './value-format.js';

/** One row per event (dataset, column, metric, baseline, current, change, severity), then the summary. */
export function renderDriftReport(report: DriftReport): string {
  const lines: string[] = [];
  if (report.events.length > 0) {
    lines.push(renderEvents(report.events), '');
  }
  const acrossRows = report.compared.filter(differentRows);
  if (acrossRows.length > 0) {
    lines.push(
      `Compared across different rows (${plural(acrossRows.length, 'dataset')}): metrics that depend on the number of rows read are not compared, the others are:`,
      ...acrossRows.map((c) => `  ${tableKey(c)}: ${rowSelectionNote(c.rowSelection)}`),
      '',
    );
  }
  const changed = report.meaningsChanged;
  if (changed) {
    // Said once for every dataset it concerns: they all changed for the same reason.
    const since = changed.since.toISOString();
    lines.push(
      `Not compared: ${meaningsReason(changed.version)} (store upgraded ${since}) for ${plural(changed.datasets.length, 'dataset')}; runs from then on are compared with each other`,
      '',
    );
  }
  const acrossMeanings = new Set(changed?.datasets.map(tableKey));
  const others = report.skipped.filter((s) => !acrossMeanings.has(tableKey(s)));
  if (others.length > 0) {
    lines.push('Not compared:', ...others.map((s) => `  ${tableKey(s)}: ${s.reason}`), '');
  }
  lines.push(driftSummaryLine(report));
  return lines.join('\n');
}

function differentRows(c: DatasetComparison): c is DatasetComparison & { rowSelection: RowSelectionComparison } {
  return c.rowSelection !== undefined;
}

/**
 * Said once per dataset: `row selection differs: random 10% of rows (...) vs full table; not
 * compared: row_count, count/null_count of 3 columns`.
 */
export function rowSelectionNote(rows: RowSelectionComparison): string {
  const tableLevel = rows.uncompared.filter((u) => u.column === null).map((u) => u.metric);
  const columnLevel = rows.uncompared.filter((u) => u.column !== null);
  const columns = new Set(columnLevel.map((u) => u.column)).size;
  const metrics = [...new Set(columnLevel.map((u) => u.metric))].join('/');
  const uncompared = [...tableLevel, ...(columns > 0 ? [`${metrics} of ${plural(columns, 'column')}`] : [])];
  return `${rowsDiffer(rows)}${uncompared.length > 0 ? `; not compared: ${uncompared.join(', ')}` : ''}`;
}

/** `row selection differs: random 10% of rows (...) vs full table`: the current run's rows first. */
export function rowsDiffer(rows: RowSelectionDifference): string {
  return `row selection differs: ${rows.current} vs ${rows.baseline}`;
}

const EVENT_HEADERS = ['dataset', 'column', 'metric', 'baseline', 'current', 'change', 'severity'];

/** dataset, column, metric, baseline, current, change, severity: one row per event. */
function renderEvents(events: readonly DriftEvent[]): string {
  return textTable(EVENT_HEADERS, events.map(eventRow));
}

/**
 * `query drift` and `query run`: the same columns and which tool wrote each event, then, once per
 * comparison whose runs covered different rows, the rows each covered.
 */
export function renderListedEvents(events: readonly ListedDriftEvent[]): string {
  const table = textTable(
    [...EVENT_HEADERS, 'written by'],
    events.map((e) => [...eventRow(e), e.writtenBy]),
  );
  const acrossRows = new Map<string, string>();
  for (const e of events) {
    if (!e.rowSelection) continue;
    const comparison = `${eventDataset(e)}, run ${e.runId} against ${e.baselineRunId}`;
    acrossRows.set(comparison, `  ${comparison}: ${rowsDiffer(e.rowSelection)}`);
  }
  if (acrossRows.size === 0) return table;
  return [table, '', 'Compared across different rows (metrics that depend on the number of rows read were not compared):', ...acrossRows.values()].join('\n');
}

/** One listed event for --json: its fields, which tool wrote it, and the rows each run covered when they differed. */
export function listedEventJson(e: ListedDriftEvent) {
  return { eventId: e.eventId, ...eventJson(e), writtenBy: e.writtenBy, rowSelection: e.rowSelection };
}

/** `schema.table`, or the table alone where Baselinr recorded no schema. */
export function eventDataset(e: { readonly schema: string | null; readonly table: string | null }): string {
  return e.schema ? tableKey({ schema: e.schema, table: e.table ?? '-' }) : (e.table ?? '-');
}

function eventRow(e: DriftEvent | ListedDriftEvent): string[] {
  // Schema events carry column types as their values; `-` stands for "not there".
  const value = (v: string | null) => (e.eventType === 'drift' ? displayValue(v) : (v ?? '-'));
  return [eventDataset(e), e.column ?? '-', e.metric ?? '-', value(e.baselineValue), value(e.currentValue), e.note ?? '', e.severity ?? '-'];
}

/** `Drift (absolute_threshold): 4 events in 1 of 6 datasets compared: 2 high, 1 medium, 1 low`. */
export function driftSummaryLine(report: DriftReport): string {
  const { counts } = report;
  const compared = report.compared.length;
  const drifted = report.compared.filter((c) => c.events.length > 0).length;
  const skipped = report.skipped.length > 0 ? `; ${plural(report.skipped.length, 'dataset')} not compared` : '';
  if (counts.total === 0) return `No drift (${report.strategy}): ${plural(compared, 'dataset')} compared${skipped}`;
  return `Drift (${report.strategy}): ${plural(counts.total, 'event')} in ${drifted} of ${plural(compared, 'dataset')} compared: ${counts.high} high, ${counts.medium} medium, ${counts.low} low${skipped}`;
}

export function driftJson(report: DriftReport, failOn?: DriftSeverity) {
  return {
    strategy: report.strategy,
    summary: { compared: report.compared.length, skipped: report.skipped.length, acrossRowSelections: report.compared.filter(differentRows).length, events: report.counts },
    ...(failOn ? { failOn } : {}),
    datasets: report.compared.map((c) => ({
      schema: c.schema,
      table: c.table,
      baselineRunId: c.baselineRunId,
      currentRunId: c.currentRunId,
      historyRuns: c.historyRuns,
      events: c.events.length,
      // The rows each run covered when they differ (a sample against the whole table), and the metrics left out.
      rowSelection: c.rowSelection ? { differs: true, ...c.rowSelection } : null,
    })),
    skipped: report.skipped,
    ...(report.meaningsChanged ? { meaningsChanged: { ...report.meaningsChanged, since: report.meaningsChanged.since.toISOString() } } : {}),
    events: report.events.map(eventJson),
  };
}

export function eventJson(e: DriftEvent | ListedDriftEvent) {
  return {
    schema: e.schema,
    table: e.table,
    column: e.column,
    metric: e.metric,
    eventType: e.eventType,
    baselineValue: e.baselineValue,
    currentValue: e.currentValue,
    changePercent: e.changePercent,
    severity: e.severity,
    note: e.note,
    runId: e.runId,
    baselineRunId: e.baselineRunId,
    detectedAt: e.detectedAt.toISOString(),
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
