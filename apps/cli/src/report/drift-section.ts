import { compareSeverity, formatPercent, groupBy, tableKey, type DriftEvent, type ListedDriftEvent, type RowSelectionComparison } from '@baselinr/core';
import { driftSummaryLine, rowSelectionNote } from '../drift-report.js';
import { displayValue } from '../value-format.js';
import { severityBadge } from './badges.js';
import { html, type SafeHtml } from './html.js';
import type { ReportData } from './report-data.js';

/** Anchors of the table sections, by `schema.table`. */
export type TableAnchors = ReadonlyMap<string, string>;

export const isSchemaChange = (e: DriftEvent): boolean => e.eventType !== 'drift';

/** Most severe first; the detection order (dataset, then column order) within a severity. */
function bySeverity(events: readonly DriftEvent[]): DriftEvent[] {
  return [...events].sort((a, b) => compareSeverity(b.severity, a.severity));
}

function tableLink(key: string, anchors: TableAnchors): SafeHtml {
  const anchor = anchors.get(key);
  return anchor ? html`<a href="${`#${anchor}`}">${key}</a>` : html`${key}`;
}

/** Metric drift as a table, most severe first; each row carries its severity in words and dots. */
export function driftTable(events: readonly DriftEvent[], anchors: TableAnchors | null): SafeHtml {
  const rows = bySeverity(events).map(
    (e) => html`<tr class="${`drift-${e.severity}`}" data-drift-column="${e.column ?? ''}" data-drift-metric="${e.metric ?? ''}">
${anchors ? html`<td>${tableLink(tableKey(e), anchors)}</td>` : ''}<td>${e.column ?? '(table)'}</td><td>${e.metric ?? ''}</td><td class="num">${displayValue(e.baselineValue)}</td><td class="num">${displayValue(e.currentValue)}</td><td>${e.note ?? ''}</td><td>${severityBadge(e.severity)}</td></tr>`,
  );
  return html`<div class="table-scroll"><table class="drift">
<thead><tr>${anchors ? html`<th>table</th>` : ''}<th>column</th><th>metric</th><th class="num">previous run</th><th class="num">this run</th><th>change</th><th>severity</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** Columns added, removed or retyped, one line each. */
export function schemaChangeList(events: readonly DriftEvent[], anchors: TableAnchors | null): SafeHtml {
  const describe = (e: DriftEvent) =>
    e.eventType === 'column_added'
      ? `column ${e.column} added (${e.currentValue ?? 'unknown type'})`
      : e.eventType === 'column_removed'
        ? `column ${e.column} removed (was ${e.baselineValue ?? 'unknown type'})`
        : `column ${e.column} changed type: ${e.note ?? `${e.baselineValue} -> ${e.currentValue}`}`;
  return html`<ul class="schema-changes">${bySeverity(events).map(
    (e) => html`<li class="${`schema-change drift-${e.severity}`}">${severityBadge(e.severity)} ${anchors ? html`${tableLink(tableKey(e), anchors)}: ` : ''}${describe(e)}</li>`,
  )}</ul>`;
}

/** Drift since each table's previous successful run, computed with the config's strategy. */
export function driftSection(data: ReportData, anchors: TableAnchors): SafeHtml {
  const drift = data.drift;
  if (!drift) return html``;
  const metricEvents = drift.events.filter((e) => !isSchemaChange(e));
  const schemaEvents = drift.events.filter(isSchemaChange);
  const acrossRows = drift.compared.flatMap((c) => (c.rowSelection ? [{ key: tableKey(c), rows: c.rowSelection }] : []));
  return html`<section id="drift" aria-labelledby="drift-heading">
<h2 id="drift-heading">Drift since the previous run</h2>
<p>${driftSummaryLine(drift)}.</p>
${schemaEvents.length > 0 ? html`<h3>Schema changes</h3>${schemaChangeList(schemaEvents, anchors)}` : ''}
${metricEvents.length > 0 ? html`<h3>Metric drift</h3>${driftTable(metricEvents, anchors)}` : ''}
${
  acrossRows.length > 0
    ? html`<h3>Compared across different rows</h3><p>Metrics that depend on the number of rows read are not compared; the others are.</p><ul class="row-selections">${acrossRows.map(
        (a) => html`<li>${tableLink(a.key, anchors)}: ${rowSelectionNote(a.rows)}</li>`,
      )}</ul>`
    : ''
}
${drift.skipped.length > 0 ? html`<h3>Not compared</h3><ul class="skipped">${drift.skipped.map((s) => html`<li>${tableLink(tableKey(s), anchors)}: ${s.reason}</li>`)}</ul>` : ''}
</section>`;
}

/** Each table's events, why it was not compared, and how its two runs' rows differed, by `schema.table`. */
export function driftByTable(data: ReportData): {
  events: ReadonlyMap<string, DriftEvent[]>;
  skipped: ReadonlyMap<string, string>;
  rowSelections: ReadonlyMap<string, RowSelectionComparison>;
} {
  return {
    events: groupBy(data.drift?.events ?? [], tableKey),
    skipped: new Map((data.drift?.skipped ?? []).map((s) => [tableKey(s), s.reason])),
    rowSelections: new Map((data.drift?.compared ?? []).flatMap((c) => (c.rowSelection ? [[tableKey(c), c.rowSelection] as const] : []))),
  };
}

/** The events Baselinr itself stored for a table of the run, as it recorded them: its severity may be missing. */
export function baselinrEventTable(events: readonly ListedDriftEvent[]): SafeHtml {
  const value = (e: ListedDriftEvent, v: string | null) => (e.eventType === 'drift' ? displayValue(v) : (v ?? '-'));
  const rows = events.map(
    (e) => html`<tr${e.severity ? html` class="${`drift-${e.severity}`}"` : ''} data-baselinr-event="${e.eventId}">
<td>${e.column ?? '(table)'}</td><td>${e.metric ?? e.eventType}</td><td class="num">${value(e, e.baselineValue)}</td><td class="num">${value(e, e.currentValue)}</td><td>${e.note ?? (e.changePercent === null ? '' : formatPercent(e.changePercent))}</td><td>${e.severity ? severityBadge(e.severity) : '-'}</td></tr>`,
  );
  return html`<h4>Events Baselinr stored for this run</h4><div class="table-scroll"><table class="drift baselinr-events">
<thead><tr><th>column</th><th>metric or change</th><th class="num">before</th><th class="num">this run</th><th>change</th><th>severity</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
