import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { BaselinrConfig, ResultsStore } from '@baselinr/core';
import { usingResultsStore } from '../store-session.js';
import { renderReportPage } from './page.js';
import { loadReportData, type ReportData, type ReportRequest } from './report-data.js';
import { plural } from './numbers.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const GENERATOR = `baselinr ${version}`;

export interface WrittenReport {
  readonly path: string;
  readonly data: ReportData;
  readonly bytes: number;
}

/** Reads a run from the config's results store (creating nothing there) and writes its report to `out`. */
export function writeReport(config: BaselinrConfig, out: string, request: ReportRequest = {}): Promise<WrittenReport> {
  return usingResultsStore(config, 'read', (store) => writeReportFrom(store, config, out, request));
}

/** The same, from a store the caller has open. */
export async function writeReportFrom(store: ResultsStore, config: BaselinrConfig, out: string, request: ReportRequest = {}): Promise<WrittenReport> {
  const data = await loadReportData(store, config.drift_detection, request);
  const page = renderReportPage(data, GENERATOR);
  const path = resolve(out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, page, 'utf8');
  return { path, data, bytes: Buffer.byteLength(page) };
}

/** `Report of run 1234 (7 tables) written to /path/report.html`. */
export function writtenLine(report: WrittenReport): string {
  const tables = report.data.tables.length;
  return `Report of run ${report.data.runId} (${plural(tables, 'table')}) written to ${report.path}`;
}
