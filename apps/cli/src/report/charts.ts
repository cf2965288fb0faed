import type { HistogramBin } from '@baselinr/core';
import { scaleSeries } from '../sparkline.js';
import { html, type SafeHtml } from './html.js';
import { coord, formatRatio, shortNumber } from './numbers.js';

const HISTOGRAM = { width: 300, height: 110, top: 6, bottom: 18 } as const;

/** Bins as bars from 0, each with its range and count as a tooltip; the axis shows min and max. Without bins, `missing` says why. */
export function histogramSvg(bins: readonly HistogramBin[] | null, column: string, missing = 'no histogram: no non-null values'): SafeHtml {
  const { width, height, top, bottom } = HISTOGRAM;
  const plot = height - top - bottom;
  if (!bins || bins.length === 0) {
    return html`<svg class="histogram histogram-empty" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${`Histogram of ${column}: ${missing}`}">
<rect x="0" y="${top}" width="${width}" height="${plot}" class="track"/><text x="${width / 2}" y="${top + plot / 2 + 4}" text-anchor="middle" class="chart-note">${missing}</text></svg>`;
  }
  const heights = scaleSeries(
    bins.map((b) => b.count),
    { fromZero: true },
  );
  const step = width / bins.length;
  const bars = bins.map((bin, i) => {
    // A non-empty bin stays visible however small it is next to the others.
    const h = bin.count === 0 ? 0 : Math.max(1.5, (heights[i] ?? 0) * plot);
    return html`<rect x="${coord(i * step + 0.5)}" y="${coord(top + plot - h)}" width="${coord(Math.max(1, step - 1))}" height="${coord(h)}" class="bin"><title>${`${shortNumber(bin.lower)} to ${shortNumber(bin.upper)}: ${bin.count.toLocaleString('en-US')}`}</title></rect>`;
  });
  const low = shortNumber(bins[0]!.lower);
  const high = shortNumber(bins.at(-1)!.upper);
  const label = `Histogram of ${column}: ${bins.length} bins from ${low} to ${high}, largest bin ${Math.max(...bins.map((b) => b.count)).toLocaleString('en-US')} values`;
  return html`<svg class="histogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">
<line x1="0" x2="${width}" y1="${top + plot + 0.5}" y2="${top + plot + 0.5}" class="axis"/>${bars}
<text x="0" y="${height - 4}" class="tick">${low}</text><text x="${width}" y="${height - 4}" text-anchor="end" class="tick">${high}</text></svg>`;
}

const BAR = { width: 160, height: 12 } as const;

/** A share (0-1) as a filled bar on a track, with the value beside it in text. */
export function ratioBar(name: string, ratio: number | null): SafeHtml {
  const { width, height } = BAR;
  const text = ratio === null ? 'n/a' : formatRatio(ratio);
  const fill = ratio === null ? 0 : Math.min(1, Math.max(0, ratio)) * width;
  return html`<div class="ratio"><span>${name}</span><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${`${name} ${text}`}"><rect width="${width}" height="${height}" rx="2" class="track"/>${fill > 0 ? html`<rect width="${coord(Math.max(1, fill))}" height="${height}" rx="2" class="fill"/>` : ''}</svg><span class="value">${text}</span></div>`;
}

const SPARK = { width: 96, height: 22, pad: 3 } as const;

/**
 * A metric across runs, oldest to latest, as a line; runs without a value break the line. The
 * latest value is a dot. `label` says what it draws, for the tooltip and screen readers.
 */
export function sparklineSvg(values: ReadonlyArray<number | null>, label: string): SafeHtml {
  const { width, height, pad } = SPARK;
  const heights = scaleSeries(values);
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (h: number) => height - pad - h * (height - 2 * pad);
  const segments: string[][] = [[]];
  heights.forEach((h, i) => {
    if (h === null) segments.push([]);
    else segments.at(-1)!.push(`${coord(x(i))},${coord(y(h))}`);
  });
  const lines = segments.filter((s) => s.length > 1).map((points) => html`<polyline points="${points.join(' ')}" class="spark"/>`);
  const lastIndex = heights.length - 1;
  const last = heights[lastIndex];
  const dot = last === null || last === undefined ? '' : html`<circle cx="${coord(x(lastIndex))}" cy="${coord(y(last))}" r="2.5" class="spark-dot"/>`;
  return html`<svg class="sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}"><title>${label}</title>${lines}${dot}</svg>`;
}
