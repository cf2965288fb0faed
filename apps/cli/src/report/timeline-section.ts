import { formatSeconds } from '../format.js';
import { statusBadge } from './badges.js';
import { html, type SafeHtml } from './html.js';
import type { ReportData } from './report-data.js';
import { timelineLayout } from './timeline-layout.js';
import { barSentence, laneName, timelineFacts, timelineSvg } from './timeline.js';

/** The worker timeline, its reading in words, and every bar again as a table (for print and screen readers). */
export function timelineSection(data: ReportData): SafeHtml {
  const layout = timelineLayout(data);
  const body = layout
    ? html`<div class="timeline-wrap">${timelineSvg(layout)}</div>
${timelineFacts(layout)}
${layout.unplaced.length > 0 ? html`<p>Not run on a worker: ${layout.unplaced.join(', ')} (missing from the catalog).</p>` : ''}
<div class="table-scroll"><table class="timeline-table"><caption class="muted">Every bar of the timeline, by start (seconds from the run's start).</caption>
<thead><tr><th>table</th><th>worker</th><th class="num">start</th><th class="num">end</th><th class="num">duration</th><th class="num">statements</th><th class="num">retries</th><th>status</th></tr></thead>
<tbody>${layout.bars.map(
        (b) =>
          html`<tr title="${barSentence(b)}"><td>${b.table}</td><td>${laneName(b.lane)}</td><td class="num">${formatSeconds(b.startMs)}</td><td class="num">${formatSeconds(b.endMs)}</td><td class="num">${formatSeconds(b.endMs - b.startMs)}</td><td class="num">${b.statements}</td><td class="num">${b.retries}</td><td>${statusBadge(b.status)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="muted">This run kept no table timings (it was stored before the results store recorded them, layout 3), so there is no timeline.</p>`;
  return html`<section id="timeline" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Worker timeline</h2>${body}</section>`;
}
