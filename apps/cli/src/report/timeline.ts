import { formatSeconds } from '../format.js';
import { html, type SafeHtml } from './html.js';
import { coord, plural } from './numbers.js';
import { axisTicks, type TimelineBar, type TimelineLayout } from './timeline-layout.js';

const WIDTH = 1000;
const LABEL_WIDTH = 120;
const CHART_WIDTH = WIDTH - LABEL_WIDTH - 12;
const LANE_HEIGHT = 38;
const BAR_HEIGHT = 20;
/** Room above each bar for its retry mark. */
const BAR_OFFSET = 13;
const AXIS_HEIGHT = 26;
/** Roughly the width of one character of an 11px label. */
const CHAR_WIDTH = 6.4;

const STATUS_MARK = { succeeded: '', failed: '✕ ', cancelled: '⊘ ' } as const;

/** `0.5s`, `12s`, `2m05s`: short labels for the axis. */
function tickLabel(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(3))}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Lane numbers start at 1 on the page; `--json`'s `worker` is the 0-based slot. */
export const laneName = (lane: number) => `worker ${lane + 1}`;

/**
 * One lane per worker and one bar per table from its start to its end, so parallelism, idle time
 * and the makespan show at a glance. Failed and cancelled bars are hatched and marked, retries
 * marked above their bar; each bar's tooltip says it all in words, and the table below repeats it.
 */
export function timelineSvg(layout: TimelineLayout): SafeHtml {
  const x = (ms: number) => LABEL_WIDTH + (ms / layout.spanMs) * CHART_WIDTH;
  const height = layout.lanes * LANE_HEIGHT + AXIS_HEIGHT;
  const ticks = axisTicks(layout.spanMs);
  const grid = ticks.map(
    (t) =>
      html`<line x1="${coord(x(t))}" x2="${coord(x(t))}" y1="0" y2="${layout.lanes * LANE_HEIGHT}" class="grid"/><text x="${coord(x(t))}" y="${height - 8}" text-anchor="middle" class="tick">${tickLabel(t)}</text>`,
  );
  const lanes = Array.from({ length: layout.lanes }, (_, lane) => {
    const y = lane * LANE_HEIGHT;
    const busy = layout.makespanMs > 0 ? Math.round((layout.busyMs[lane]! / layout.makespanMs) * 100) : 0;
    return html`<g class="lane" data-lane="${lane}"><rect x="${LABEL_WIDTH}" y="${y + BAR_OFFSET - 2}" width="${CHART_WIDTH}" height="${BAR_HEIGHT + 4}" class="lane-track"/>
<text x="0" y="${y + BAR_OFFSET + 9}" class="lane-label">${laneName(lane)}</text><text x="0" y="${y + BAR_OFFSET + 21}" class="lane-note">${`${busy}% busy`}</text></g>`;
  });
  const setupWidth = x(layout.firstStartMs) - LABEL_WIDTH;
  const setup =
    layout.firstStartMs > 0
      ? html`<g><title>${`connecting and discovering tables: ${formatSeconds(layout.firstStartMs)}`}</title><rect x="${LABEL_WIDTH}" y="0" width="${coord(setupWidth)}" height="${layout.lanes * LANE_HEIGHT}" class="setup"/>${setupWidth > 44 ? html`<text x="${LABEL_WIDTH + 4}" y="${BAR_OFFSET + 14}" class="setup-label">setup</text>` : ''}</g>`
      : '';
  return html`<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${timelineSentence(layout)}">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.5" height="6" class="hatch"/></pattern></defs>
${lanes}${setup}${grid}${layout.bars.map((bar) => barSvg(bar, x))}</svg>`;
}

function barSvg(bar: TimelineBar, x: (ms: number) => number): SafeHtml {
  const left = x(bar.startMs);
  const width = Math.max(2, x(bar.endMs) - left);
  const y = bar.lane * LANE_HEIGHT + BAR_OFFSET;
  const label = `${STATUS_MARK[bar.status]}${bar.table}`;
  const room = Math.floor((width - 8) / CHAR_WIDTH);
  const shown = room >= label.length ? label : room >= 4 ? `${label.slice(0, room - 1)}…` : '';
  const hatched = bar.status !== 'succeeded';
  return html`<g class="${`bar bar-${bar.status}`}" data-table="${bar.table}"><title>${barSentence(bar)}</title>
<rect x="${coord(left)}" y="${y}" width="${coord(width)}" height="${BAR_HEIGHT}" rx="2" class="bar-fill"/>${hatched ? html`<rect x="${coord(left)}" y="${y}" width="${coord(width)}" height="${BAR_HEIGHT}" rx="2" fill="url(#hatch)"/>` : ''}${shown ? html`<text x="${coord(left + 4)}" y="${y + 14}" class="bar-label">${shown}</text>` : ''}${bar.retries > 0 ? html`<text x="${coord(left)}" y="${y - 3}" class="retry-mark">${`↻ ${plural(bar.retries, 'retry')}`}</text>` : ''}</g>`;
}

export function barSentence(bar: TimelineBar): string {
  const retries = bar.retries > 0 ? `, ${plural(bar.retries, 'retry')}` : '';
  const error = bar.error ? `: ${bar.error}` : '';
  return `${bar.table} on ${laneName(bar.lane)}, ${tickLabel(bar.startMs)} to ${tickLabel(bar.endMs)} (${formatSeconds(bar.endMs - bar.startMs)}), ${bar.status}${retries}${error}`;
}

function timelineSentence(layout: TimelineLayout): string {
  return `Worker timeline: ${layout.bars.length} tables on ${plural(layout.lanes, 'worker')}, makespan ${formatSeconds(layout.makespanMs)}`;
}

/** What the chart shows, in words: makespan, how busy the workers were, and the legend. */
export function timelineFacts(layout: TimelineLayout): SafeHtml {
  const busy = layout.busyMs.reduce((a, b) => a + b, 0);
  const capacity = layout.makespanMs * layout.lanes;
  const utilisation = capacity > 0 ? Math.round((busy / capacity) * 100) : 0;
  return html`<p>Tables ran from ${tickLabel(layout.firstStartMs)} to ${tickLabel(layout.firstStartMs + layout.makespanMs)} after the run started: a makespan of <strong>${formatSeconds(layout.makespanMs)}</strong> on ${plural(layout.lanes, 'worker')}, busy ${utilisation}% of that time (${formatSeconds(busy)} of ${formatSeconds(capacity)} worker-time).${layout.firstStartMs > 0 ? ` Before the first table: ${formatSeconds(layout.firstStartMs)} connecting and discovering (shaded).` : ''}</p>
<ul class="legend" aria-label="Legend">
<li><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" rx="2" class="legend-succeeded"/></svg>succeeded</li>
<li><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" rx="2" class="legend-failed"/><rect width="28" height="14" rx="2" fill="url(#hatch)"/></svg>✕ failed (hatched)</li>
<li><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" rx="2" class="legend-cancelled"/><rect width="28" height="14" rx="2" fill="url(#hatch)"/></svg>⊘ cancelled (hatched)</li>
<li><span class="retry-key">↻ n retries</span> above a bar: statements retried</li>
</ul>`;
}
