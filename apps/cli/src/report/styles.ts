import type { DriftSeverity } from '@baselinr/core';
import { PALETTE as P, SEVERITY_COLOURS, STATUS_COLOURS, type BadgeColours } from './palette.js';

function badge(selector: string, c: BadgeColours): string {
  return `${selector} { color: ${c.text}; background: ${c.background}; border-color: ${c.border}; }`;
}

const severityRows = (Object.entries(SEVERITY_COLOURS) as Array<[DriftSeverity, BadgeColours]>)
  // Thicker for more severe, so the rows differ in more than colour.
  .map(([s, c]) => `tr.drift-${s} > td:first-child { border-left: ${s === 'high' ? 6 : s === 'medium' ? 4 : 2}px solid ${c.border}; }`)
  .join('\n');

/** The page's only style sheet, inline: system fonts, no images, no external resources. */
export const STYLES = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: ${P.text}; background: ${P.page}; }
main { max-width: 1280px; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid ${P.border}; }
h3 { font-size: 1.1rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
h4 { font-size: .98rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
a { color: ${P.accent}; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.muted { color: ${P.muted}; }
.panel { background: ${P.panel}; border: 1px solid ${P.border}; border-radius: 6px; padding: .75rem 1rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(125px, 1fr)); gap: .5rem; margin: 0; }
.facts div { background: ${P.panel}; border: 1px solid ${P.border}; border-radius: 6px; padding: .5rem .75rem; }
.facts dt { font-size: .8rem; color: ${P.muted}; }
.facts dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
.facts dd .muted { display: block; font-size: .8rem; font-weight: normal; }
.badge { display: inline-block; border: 1px solid; border-radius: 999px; padding: 0 .5em; font-size: .8rem; font-weight: 600; white-space: nowrap; vertical-align: middle; }
${(Object.entries(SEVERITY_COLOURS) as Array<[string, BadgeColours]>).map(([s, c]) => badge(`.severity-${s}`, c)).join('\n')}
${Object.entries(STATUS_COLOURS)
  .map(([s, c]) => badge(`.status-${s}`, c))
  .join('\n')}
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid ${P.border}; vertical-align: top; }
th { font-weight: 600; color: ${P.muted}; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-scroll { overflow-x: auto; }
${severityRows}
.error { border-left: 6px solid ${P.failed}; background: ${STATUS_COLOURS.failed.background}; color: ${STATUS_COLOURS.failed.text}; padding: .5rem .75rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
nav.toc ol { columns: 3 260px; padding-left: 1.2rem; margin: 0; }
nav.toc li { break-inside: avoid; margin-bottom: .2rem; }
section.table-report { margin-top: 1.75rem; padding-top: 1rem; border-top: 2px solid ${P.border}; }
.table-facts { color: ${P.muted}; margin: 0 0 .6rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: .75rem; margin-top: .75rem; }
article.column { border: 1px solid ${P.border}; border-radius: 6px; padding: .6rem .75rem; break-inside: avoid; }
article.column .type { font-weight: normal; color: ${P.muted}; }
.ratio { display: grid; grid-template-columns: 7.5rem 1fr 4rem; align-items: center; gap: .4rem; font-size: .85rem; }
.ratio .value { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .4rem 0; }
figcaption { font-size: .8rem; color: ${P.muted}; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
svg.sparkline { display: inline-block; vertical-align: middle; }
.timeline-wrap { overflow-x: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; font-size: .85rem; margin: .4rem 0; padding: 0; list-style: none; }
.legend svg { display: inline-block; vertical-align: middle; margin-right: .3rem; }
footer { margin-top: 2.5rem; font-size: .8rem; color: ${P.muted}; }
@media (max-width: 700px) { main { padding: 1rem; } .columns { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  section.table-report { break-before: page; border-top: none; }
  article.column, .facts div, tr { break-inside: avoid; }
  .timeline-wrap, .table-scroll { overflow: visible; }
  svg.timeline { min-width: 0; }
  table { font-size: 8pt; }
  th, td { padding: .15rem .3rem; }
  .badge { font-size: 7.5pt; padding: 0 .3em; }
}
`;
