import { PALETTE as P, STATUS_COLOURS } from './palette.js';

/** Fills and strokes of the inline SVG charts (they print, unlike CSS backgrounds). */
export const CHART_STYLES = `
svg .track, svg .lane-track { fill: ${P.chartTrack}; }
svg .fill, svg .bin { fill: ${P.chart}; }
svg .axis { stroke: ${P.muted}; stroke-width: 1; }
svg .grid { stroke: ${P.border}; stroke-width: 1; }
svg .tick, svg .chart-note, svg .lane-note { fill: ${P.muted}; font-size: 11px; }
svg .lane-label { fill: ${P.text}; font-size: 12px; font-weight: 600; }
svg .spark { fill: none; stroke: ${P.chart}; stroke-width: 1.5; stroke-linejoin: round; }
svg .spark-dot { fill: ${P.chart}; }
svg .setup { fill: ${P.panel}; opacity: .85; }
svg .hatch { fill: #000000; opacity: .3; }
svg .bar-succeeded .bar-fill, svg .legend-succeeded { fill: ${P.chart}; }
svg .bar-failed .bar-fill, svg .legend-failed { fill: ${P.failed}; }
svg .bar-cancelled .bar-fill, svg .legend-cancelled { fill: ${P.cancelled}; }
svg .bar-label { fill: ${P.chartText}; font-size: 11px; font-weight: 600; }
svg .retry-mark { fill: ${P.retry}; font-size: 10px; font-weight: 700; }
.retry-key { color: ${P.retry}; font-weight: 700; }
svg.timeline { width: 100%; min-width: 720px; }
svg.histogram { width: 100%; }
svg .setup-label { fill: ${P.muted}; font-size: 11px; }
.error strong { color: ${STATUS_COLOURS.failed.text}; }
`;
