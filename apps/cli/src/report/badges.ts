import type { DriftSeverity, RunSummaryStatus } from '@baselinr/core';
import { html, type SafeHtml } from './html.js';

/** Filled dots count the severity, so it reads without colour (and in greyscale print). */
const SEVERITY_DOTS: Record<DriftSeverity, string> = { high: '●●●', medium: '●●○', low: '●○○' };
const STATUS_GLYPHS: Record<RunSummaryStatus, string> = { succeeded: '✓', failed: '✕', cancelled: '⊘', running: '…' };

export function severityBadge(severity: DriftSeverity): SafeHtml {
  return html`<span class="${`badge severity-${severity}`}"><span aria-hidden="true">${SEVERITY_DOTS[severity]}</span> ${severity}</span>`;
}

export function statusBadge(status: RunSummaryStatus): SafeHtml {
  return html`<span class="${`badge status-${status}`}"><span aria-hidden="true">${STATUS_GLYPHS[status]}</span> ${status}</span>`;
}
