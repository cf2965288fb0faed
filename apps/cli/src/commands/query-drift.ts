import { listDriftEvents, type DriftSeverity } from '@baselinr/core';
import { csv } from '../csv.js';
import { listedEventJson, renderListedEvents } from '../drift-report.js';
import type { Io } from '../io.js';
import { withResultsStore } from '../store-session.js';
import { daysAgo } from '../history-window.js';

const CSV_HEADERS = [
  'event_id',
  'run_id',
  'detected_at',
  'schema',
  'table',
  'column',
  'metric',
  'event_type',
  'baseline_value',
  'current_value',
  'change_percent',
  'severity',
  'written_by',
  // Filled only when the two runs covered different rows (a sample against the whole table).
  'current_rows',
  'baseline_rows',
];

export interface QueryDriftOptions {
  config: string;
  table?: string;
  severity?: DriftSeverity;
  days?: number;
  limit: number;
  offset?: number;
  format: 'table' | 'json' | 'csv';
}

/** `query drift` (Baselinr's): both tools' stored drift and schema events, newest first, a page at a time. */
export async function queryDriftCommand(options: QueryDriftOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store) => {
    const events = await listDriftEvents(store, { table: options.table, severity: options.severity, since: daysAgo(options.days), limit: options.limit, offset: options.offset });
    if (options.format === 'json') io.out(JSON.stringify(events.map(listedEventJson), null, 2));
    else if (options.format === 'csv')
      io.out(
        csv(
          CSV_HEADERS,
          events.map((e) => [
            e.eventId,
            e.runId,
            e.detectedAt.toISOString(),
            e.schema,
            e.table,
            e.column,
            e.metric,
            e.eventType,
            e.baselineValue,
            e.currentValue,
            e.changePercent,
            e.severity,
            e.writtenBy,
            e.rowSelection?.current ?? null,
            e.rowSelection?.baseline ?? null,
          ]),
        ),
      );
    else io.out(events.length === 0 ? 'No drift events found.' : renderListedEvents(events));
    return 0;
  });
}
