import { displayTime } from '../value-format.js';
import { driftSection } from './drift-section.js';
import { html, trusted } from './html.js';
import type { ReportData } from './report-data.js';
import { CHART_STYLES } from './chart-styles.js';
import { STYLES } from './styles.js';
import { summarySection } from './summary-section.js';
import { tableAnchors, tableIndex, tableSections } from './table-section.js';
import { timelineSection } from './timeline-section.js';

/**
 * No network at view time, whatever the page holds: nothing may be fetched, framed or run, and a
 * script that slipped through escaping would not execute. Styles are inline; there are no images.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/** The whole report as one HTML document: no scripts, no external resources. */
export function renderReportPage(data: ReportData, generator: string): string {
  const anchors = tableAnchors(data);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generator}">
<title>${`Baselinr report: run ${data.runId}`}</title>
<style>${trusted(STYLES)}${trusted(CHART_STYLES)}</style>
</head>
<body>
<main>
<header>
<h1>Baselinr profiling report</h1>
<p class="muted">Run <code>${data.runId}</code> · generated ${displayTime(data.generatedAt)} by ${generator}</p>
</header>
${summarySection(data)}
${driftSection(data, anchors)}
${timelineSection(data)}
${data.tables.length > 0 ? tableIndex(data, anchors) : html`<p>This run stored no tables.</p>`}
${tableSections(data, anchors)}
<footer>Read from the results store; drift is computed with the config's drift_detection settings against each table's previous successful run. This file needs no network and no JavaScript.</footer>
</main>
</body>
</html>
`;
  return page.value;
}
