import type { DriftSeverity, TableRunStatus } from '@baselinr/core';

/**
 * The report's colours. Every foreground/background pair below is checked against WCAG AA (4.5:1
 * for text, 3:1 for chart marks) in palette.test.ts; colour never carries meaning alone: badges
 * also carry a word and a glyph, failed bars a hatch and a mark.
 */
export const PALETTE = {
  text: '#1f2328',
  muted: '#57606a',
  page: '#ffffff',
  panel: '#f6f8fa',
  border: '#d0d7de',
  accent: '#0b5cad',
  /** Chart marks: bars, histogram bins, sparklines. */
  chart: '#2f6db5',
  chartTrack: '#e7ecf2',
  chartText: '#ffffff',
  failed: '#b3261e',
  cancelled: '#5f6b7a',
  retry: '#8a4b00',
} as const;

export interface BadgeColours {
  readonly text: string;
  readonly background: string;
  readonly border: string;
}

export const SEVERITY_COLOURS: Record<DriftSeverity, BadgeColours> = {
  high: { text: '#8a1c1c', background: '#fde8e8', border: '#b3261e' },
  medium: { text: '#6e4400', background: '#fff3d6', border: '#a86800' },
  low: { text: '#1f4e79', background: '#e6f0fa', border: '#2f6db5' },
};

export const STATUS_COLOURS: Record<TableRunStatus | 'running', BadgeColours> = {
  succeeded: { text: '#1a5e2a', background: '#e3f4e6', border: '#2e7d3f' },
  failed: SEVERITY_COLOURS.high,
  cancelled: { text: '#3d4650', background: '#eceff2', border: '#5f6b7a' },
  running: { text: '#6e4400', background: '#fff3d6', border: '#a86800' },
};

/** Pairs that must reach `min` contrast: [name, foreground, background, min]. */
export function contrastPairs(): Array<readonly [string, string, string, number]> {
  const badges = [...Object.entries(SEVERITY_COLOURS), ...Object.entries(STATUS_COLOURS)].map(([name, c]) => [`${name} badge`, c.text, c.background, 4.5] as const);
  return [
    ['body text', PALETTE.text, PALETTE.page, 4.5],
    ['muted text', PALETTE.muted, PALETTE.page, 4.5],
    ['muted text on panels', PALETTE.muted, PALETTE.panel, 4.5],
    ['links', PALETTE.accent, PALETTE.page, 4.5],
    ['labels inside bars', PALETTE.chartText, PALETTE.chart, 4.5],
    ['labels inside failed bars', PALETTE.chartText, PALETTE.failed, 4.5],
    ['labels inside cancelled bars', PALETTE.chartText, PALETTE.cancelled, 4.5],
    ['retry marks', PALETTE.retry, PALETTE.page, 4.5],
    ['chart marks', PALETTE.chart, PALETTE.page, 3],
    ['chart marks on their track', PALETTE.chart, PALETTE.chartTrack, 3],
    ['failed marks', PALETTE.failed, PALETTE.page, 3],
    ...badges,
  ];
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
