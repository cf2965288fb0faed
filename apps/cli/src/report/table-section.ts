import {
  compareSeverity,
  histogramSkipReason,
  isEventOf,
  readStoredValue,
  tableKey,
  type DriftEvent,
  type ListedDriftEvent,
  type RowSelectionComparison,
  type StoredTableTiming,
} from '@baselinr/core';
import { rowSelectionNote } from '../drift-report.js';
import { formatCount, formatSeconds } from '../format.js';
import { displayTime, displayValue, histogramBins } from '../value-format.js';
import { severityBadge, statusBadge } from './badges.js';
import { histogramSvg, ratioBar, sparklineSvg } from './charts.js';
import { baselinrEventTable, driftByTable, driftTable, isSchemaChange, schemaChangeList, type TableAnchors } from './drift-section.js';
import { html, type SafeHtml } from './html.js';
import type { ColumnReport, MetricReport, ReportData, TableReport } from './report-data.js';
import { laneName } from './timeline.js';
import { plural } from './numbers.js';

/** Section ids from positions, never from names: a name can hold anything. */
export function tableAnchors(data: ReportData): TableAnchors {
  return new Map(data.tables.map((t, i) => [tableKey(t.run), `table-${i + 1}`]));
}

/** A list of the run's tables with their status and drift, linking to their sections. */
export function tableIndex(data: ReportData, anchors: TableAnchors): SafeHtml {
  const { events } = driftByTable(data);
  return html`<nav class="toc" aria-labelledby="tables-heading"><h2 id="tables-heading">Tables</h2><ol>${data.tables.map((t) => {
    const key = tableKey(t.run);
    const drift = events.get(key)?.length ?? 0;
    return html`<li><a href="${`#${anchors.get(key)}`}">${key}</a> ${statusBadge(t.run.status)}${drift > 0 ? html` <span class="muted">${plural(drift, 'drift event')}</span>` : ''}</li>`;
  })}</ol></nav>`;
}

export function tableSections(data: ReportData, anchors: TableAnchors): SafeHtml {
  const drift = driftByTable(data);
  const timings = new Map(data.timings.map((t) => [tableKey(t), t]));
  return html`${data.tables.map((table) => {
    const key = tableKey(table.run);
    return tableSection(table, anchors.get(key)!, timings.get(key), {
      events: drift.events.get(key) ?? [],
      notCompared: drift.skipped.get(key),
      rowSelection: drift.rowSelections.get(key),
      baselinrEvents: data.baselinrEvents.filter((e) => isEventOf(e, table.run)),
    });
  })}`;
}

/** What a table's section says of drift. */
interface TableDrift {
  /** Computed against the table's previous successful run. */
  readonly events: readonly DriftEvent[];
  /** Why the table was not compared, when it was not. */
  readonly notCompared: string | undefined;
  /** How the two runs' rows differed, when they did. */
  readonly rowSelection: RowSelectionComparison | undefined;
  /** The events Baselinr stored for the table in this run. */
  readonly baselinrEvents: readonly ListedDriftEvent[];
}

function tableSection(table: TableReport, anchor: string, timing: StoredTableTiming | undefined, drift: TableDrift): SafeHtml {
  const { events, notCompared } = drift;
  const { run } = table;
  const facts = [
    run.rowCount === null ? null : `${formatCount(run.rowCount)} rows`,
    run.columnCount === null ? null : `${run.columnCount} columns`,
    run.durationSeconds === null ? null : formatSeconds(run.durationSeconds * 1000),
    timing?.worker === null || timing?.worker === undefined ? null : laneName(timing.worker),
    timing ? `${plural(timing.statementCount, 'statement')} completed in ${plural(timing.statementAttempts, 'attempt')}` : null,
    timing ? plural(timing.retries, 'retry') : null,
    `profiled ${displayTime(run.profiledAt)}`,
    table.history.length > 1 ? `trends over ${table.history.length} successful runs` : null,
  ].filter(Boolean);
  const schemaEvents = events.filter(isSchemaChange);
  const metricEvents = events.filter((e) => !isSchemaChange(e));
  const driftNote = notCompared
    ? html`<p class="muted">Drift not compared: ${notCompared}.</p>`
    : events.length === 0
      ? html`<p class="muted">No drift since the previous run.</p>`
      : html`${schemaEvents.length > 0 ? schemaChangeList(schemaEvents, null) : ''}${metricEvents.length > 0 ? driftTable(metricEvents, null) : ''}`;
  return html`<section class="table-report" id="${anchor}" data-table="${tableKey(run)}" data-status="${run.status}" aria-labelledby="${`${anchor}-heading`}">
<h3 id="${`${anchor}-heading`}">${tableKey(run)} ${statusBadge(run.status)}</h3>
<p class="table-facts">${facts.join(' · ')}</p>
${run.error ? html`<p class="error"><strong>Error:</strong> ${run.error}</p>` : ''}
${drift.rowSelection ? html`<p class="row-selection">Compared across different rows: ${rowSelectionNote(drift.rowSelection)}.</p>` : ''}
${driftNote}
${drift.baselinrEvents.length > 0 ? baselinrEventTable(drift.baselinrEvents) : ''}
${table.columns.length > 0 ? html`<div class="columns">${table.columns.map((c) => columnCard(c, table.history.length, metricEvents))}</div>` : ''}
</section>`;
}

function numberOf(metric: MetricReport | undefined): number | null {
  const value = readStoredValue(metric?.value ?? null);
  return value.kind === 'number' ? value.value : null;
}

/** Why a stored histogram is missing, from the stored min and max (`NaN`, `-Infinity`, huge numerics). */
function missingHistogramReason(min: MetricReport | undefined, max: MetricReport | undefined): string {
  const read = (m: MetricReport | undefined) => (m?.value === null || m?.value === undefined ? null : Number(m.value));
  return histogramSkipReason(read(min), read(max)) ?? 'no histogram';
}

function columnCard(column: ColumnReport, runs: number, events: readonly DriftEvent[]): SafeHtml {
  const find = (name: string) => column.metrics.find((m) => m.name === name);
  const histogram = find('histogram');
  const drifted = events.filter((e) => e.column === column.name);
  const worst = drifted.map((e) => e.severity).sort((a, b) => compareSeverity(b, a))[0];
  const ratios = [find('null_ratio') && ratioBar('null ratio', numberOf(find('null_ratio'))), find('unique_ratio') && ratioBar('distinct ratio', numberOf(find('unique_ratio')))];
  return html`<article class="column" data-column="${column.name}"${histogram ? html` data-numeric="true"` : ''}${worst ? html` data-drift="${worst}"` : ''}>
<h4>${column.name} <span class="type">${column.type ?? ''}</span>${worst ? html` ${severityBadge(worst)}` : ''}</h4>
${ratios}
${histogram ? html`<figure>${histogramSvg(histogramBins(histogram.value ?? ''), column.name, missingHistogramReason(find('min'), find('max')))}<figcaption>Histogram: bin counts between the column's min and max.</figcaption></figure>` : ''}
<table class="metrics"><thead><tr><th>metric</th><th class="num">value</th><th>${runs > 1 ? `last ${runs} runs` : 'trend'}</th></tr></thead>
<tbody>${column.metrics
    .filter((m) => m !== histogram)
    .map((m) =>
      metricRow(
        m,
        drifted.find((e) => e.metric === m.name),
      ),
    )}</tbody></table>
</article>`;
}

function metricRow(metric: MetricReport, event: DriftEvent | undefined): SafeHtml {
  const numbers = metric.trend.filter((v): v is number => v !== null);
  const label =
    numbers.length === 0
      ? ''
      : `${metric.name} over ${plural(metric.trend.length, 'run')}: ${metric.trend.map((v, i) => (v === null ? '-' : displayValue(metric.trendText[i] ?? null))).join(', ')}`;
  return html`<tr${event ? html` class="${`drift-${event.severity}`}"` : ''} data-metric="${metric.name}"><td>${metric.name}${event ? html` ${severityBadge(event.severity)}` : ''}</td><td class="num">${displayValue(metric.value)}</td><td>${numbers.length > 0 ? sparklineSvg(metric.trend, label) : html`<span class="muted">-</span>`}</td></tr>`;
}
