import type { DriftEvent, RunSummaryRecord, StoredTableRun, StoredTableTiming } from '@baselinr/core';
import type { ReportData, TableReport } from '../report-data.js';

export const HOSTILE_TABLE = '<script>alert("t")</script>';
export const HOSTILE_COLUMN = '"><img src=x onerror=alert(1)>';

const start = Date.parse('2025-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(start + ms);

function run(table: string, status: StoredTableRun['status'], offsetMs: number, error: string | null = null): StoredTableRun {
  return {
    runId: 'run-2',
    schema: 'main',
    table,
    profiledAt: at(offsetMs),
    environment: 'test',
    status,
    rowCount: status === 'succeeded' ? 1000 : null,
    columnCount: status === 'succeeded' ? 2 : null,
    durationSeconds: 1.5,
    error,
  };
}

function timing(table: string, worker: number | null, fromMs: number, toMs: number, retries = 0): StoredTableTiming {
  return { runId: 'run-2', schema: 'main', table, worker, startedAt: at(fromMs), finishedAt: at(toMs), statementCount: 2, statementAttempts: 2 + retries, retries };
}

const histogram = JSON.stringify([
  { lower: 0, upper: 50, count: 700 },
  { lower: 50, upper: 100, count: 0 },
  { lower: 100, upper: 150, count: 300 },
]);

const orders: TableReport = {
  run: run('orders', 'succeeded', 200),
  history: [{ ...run('orders', 'succeeded', -60_000), runId: 'run-1' }, run('orders', 'succeeded', 200)],
  columns: [
    {
      name: 'total',
      type: 'DECIMAL(12,2)',
      metrics: [
        { name: 'count', value: '1000', trend: [1000, 1000], trendText: ['1000', '1000'] },
        { name: 'null_ratio', value: '0.25', trend: [0.1, 0.25], trendText: ['0.1', '0.25'] },
        { name: 'unique_ratio', value: '0.9', trend: [0.9, 0.9], trendText: ['0.9', '0.9'] },
        { name: 'mean', value: '754.2', trend: [504.2, 754.2], trendText: ['504.2', '754.2'] },
        { name: 'histogram', value: histogram, trend: [null, null], trendText: [null, null] },
      ],
    },
    {
      name: HOSTILE_COLUMN,
      type: 'TEXT',
      metrics: [
        { name: 'count', value: '1000', trend: [1000, 1000], trendText: ['1000', '1000'] },
        { name: 'max_length', value: '<b>bold</b>', trend: [null, null], trendText: [null, null] },
      ],
    },
  ],
};

function event(e: Partial<DriftEvent> & Pick<DriftEvent, 'table' | 'eventType' | 'severity'>): DriftEvent {
  return {
    schema: 'main',
    runId: 'run-2',
    baselineRunId: 'run-1',
    column: null,
    metric: null,
    baselineValue: null,
    currentValue: null,
    changePercent: null,
    note: null,
    detectedAt: at(5000),
    ...e,
  };
}

export const DRIFT_EVENTS: DriftEvent[] = [
  event({
    table: 'orders',
    eventType: 'drift',
    column: 'total',
    metric: 'mean',
    baselineValue: '504.2',
    currentValue: '754.2',
    changePercent: 49.58,
    severity: 'high',
    note: '+49.58%',
  }),
  event({
    table: 'orders',
    eventType: 'drift',
    column: 'total',
    metric: 'null_ratio',
    baselineValue: '0.1',
    currentValue: '0.25',
    changePercent: 150,
    severity: 'high',
    note: '+150%',
  }),
  event({ table: 'orders', eventType: 'column_removed', column: 'weight_kg', baselineValue: 'REAL', severity: 'high', note: 'column removed' }),
  event({
    table: HOSTILE_TABLE,
    eventType: 'drift',
    column: null,
    metric: 'row_count',
    baselineValue: '900',
    currentValue: '1000',
    changePercent: 11.1,
    severity: 'low',
    note: '+11.1%',
  }),
];

export const SUMMARY: RunSummaryRecord = {
  runId: 'run-2',
  environment: 'test',
  warehouse: 'postgres',
  status: 'failed',
  startedAt: at(0),
  finishedAt: at(4000),
  requestedWorkers: 8,
  effectiveWorkers: 3,
  clamps: [{ from: 8, to: 3, by: 'warehouse_limits', reason: 'execution.warehouse_limits.postgres is 3 <see config>' }],
  poolSize: 5,
  tableCount: 4,
  concurrencyChanges: [],
};

/** A run on three workers: one table failed after retries, one was not in the catalog, names are hostile. */
export function reportFixture(overrides: Partial<ReportData> = {}): ReportData {
  const hostile: TableReport = { run: run(HOSTILE_TABLE, 'succeeded', 300), history: [run(HOSTILE_TABLE, 'succeeded', 300)], columns: [] };
  const broken: TableReport = { run: run('broken', 'failed', 250, 'relation "broken" <does not exist>'), history: [], columns: [] };
  const ghost: TableReport = { run: run('ghost', 'failed', 100, 'table not found in the catalog'), history: [], columns: [] };
  return {
    runId: 'run-2',
    generatedAt: at(10_000),
    summary: SUMMARY,
    tables: [hostile, broken, ghost, orders],
    timings: [timing('ghost', null, 100, 100), timing('orders', 0, 200, 3800), timing('broken', 1, 250, 1900, 2), timing(HOSTILE_TABLE, 2, 300, 1200)],
    drift: {
      strategy: 'absolute_threshold',
      compared: [
        { schema: 'main', table: 'orders', baselineRunId: 'run-1', currentRunId: 'run-2', historyRuns: 1, events: DRIFT_EVENTS.slice(0, 3) },
        { schema: 'main', table: HOSTILE_TABLE, baselineRunId: 'run-1', currentRunId: 'run-2', historyRuns: 1, events: DRIFT_EVENTS.slice(3) },
      ],
      skipped: [{ schema: 'main', table: 'broken', reason: 'failed in run run-2' }],
      events: DRIFT_EVENTS,
      counts: { total: 4, low: 1, medium: 0, high: 3 },
    },
    baselinrEvents: [],
    ...overrides,
  };
}
