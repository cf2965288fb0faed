import { describeClamp, type RunSummaryStatus, type TableRunStatus } from '@baselinr/core';
import { formatCount, formatSeconds } from '../format.js';
import { displayTime } from '../value-format.js';
import { statusBadge } from './badges.js';
import { html, type SafeHtml } from './html.js';
import type { ReportData } from './report-data.js';
import { plural } from './numbers.js';

/** Start and end of the run: from its summary, else (older stores) from its tables' rows. */
function runSpan(data: ReportData): { start: Date | null; end: Date | null } {
  if (data.summary) return { start: data.summary.startedAt, end: data.summary.finishedAt };
  const runs = data.tables.map((t) => t.run);
  if (runs.length === 0) return { start: null, end: null };
  const start = Math.min(...runs.map((r) => r.profiledAt.getTime()));
  const end = Math.max(...runs.map((r) => r.profiledAt.getTime() + (r.durationSeconds ?? 0) * 1000));
  return { start: new Date(start), end: new Date(end) };
}

function statusOf(data: ReportData): RunSummaryStatus {
  if (data.summary) return data.summary.status;
  const statuses = data.tables.map((t) => t.run.status);
  return statuses.includes('cancelled') ? 'cancelled' : statuses.includes('failed') ? 'failed' : 'succeeded';
}

/** The run as a whole: counts, timing, workers and every clamp with its reason. */
export function summarySection(data: ReportData): SafeHtml {
  const runs = data.tables.map((t) => t.run);
  const count = (status: TableRunStatus) => runs.filter((r) => r.status === status).length;
  const sum = (values: Array<number | null>) => values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const { start, end } = runSpan(data);
  const status = statusOf(data);
  const summary = data.summary;
  const environment = summary?.environment || runs[0]?.environment;
  const fact = (term: string, value: SafeHtml | string, key: string) => html`<div data-fact="${key}"><dt>${term}</dt><dd>${value}</dd></div>`;
  return html`<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Run summary</h2>
<dl class="facts">
${fact('Status', statusBadge(status), 'status')}
${fact('Tables', String(summary?.tableCount ?? runs.length), 'tables')}
${fact('Succeeded', String(count('succeeded')), 'succeeded')}
${fact('Failed', String(count('failed')), 'failed')}
${count('cancelled') > 0 ? fact('Cancelled', String(count('cancelled')), 'cancelled') : ''}
${fact('Rows', formatCount(sum(runs.map((r) => r.rowCount))), 'rows')}
${fact('Columns', formatCount(sum(runs.map((r) => r.columnCount))), 'columns')}
${fact('Duration', start && end ? formatSeconds(end.getTime() - start.getTime()) : 'not recorded', 'duration')}
${summary ? fact('Workers', html`${summary.effectiveWorkers} <span class="muted">of ${summary.requestedWorkers} requested</span>`, 'workers') : ''}
</dl>
<p class="muted">${[
    summary ? `Warehouse ${summary.warehouse}` : null,
    environment ? `environment ${environment}` : null,
    start ? `started ${displayTime(start)}` : null,
    end ? `ended ${displayTime(end)}` : null,
    summary?.poolSize ? `connection pool of ${summary.poolSize}` : null,
  ]
    .filter(Boolean)
    .join(' · ')}</p>
${summary && !summary.finishedAt ? html`<p class="error">No end was recorded for this run: it was interrupted before it finished, or it is still running. The tables below are the ones it stored.</p>` : ''}
${workersNote(data)}
</section>`;
}

function workersNote(data: ReportData): SafeHtml {
  const summary = data.summary;
  if (!summary) {
    return html`<p class="muted">This run was stored before the results store kept run summaries (layout 3), so its workers, clamps and worker timeline are not available.</p>`;
  }
  const clamps = summary.clamps.length
    ? html`<p>The run asked for ${plural(summary.requestedWorkers, 'worker')} and ran ${summary.effectiveWorkers}:</p><ul class="clamps">${summary.clamps.map((c) => html`<li>${describeClamp(c)}</li>`)}</ul>`
    : html`<p>The run used the ${plural(summary.effectiveWorkers, 'worker')} it asked for; no limit lowered them.</p>`;
  const changes = summary.concurrencyChanges.length
    ? html`<p>Concurrency changed during the run:</p><ul class="concurrency">${summary.concurrencyChanges.map((c) => html`<li>${`${c.from} -> ${c.to} workers: ${c.reason}`}</li>`)}</ul>`
    : '';
  return html`${clamps}${changes}`;
}
