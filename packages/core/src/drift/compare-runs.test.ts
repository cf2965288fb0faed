import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { compareRuns, type Finding } from './compare-runs.js';
import type { RunSnapshot } from './snapshot.js';

const settings = validateConfig({ source: { type: 'sqlite' } }).drift_detection;
const deviationSettings = validateConfig({ source: { type: 'sqlite' }, drift_detection: { strategy: 'standard_deviation' } }).drift_detection;

type Columns = Record<string, { type: string; metrics: Record<string, string | null> }>;

function snapshot(runId: string, rowCount: number | null, columns: Columns): RunSnapshot {
  return {
    schema: 'main',
    table: 'orders',
    runId,
    rowCount,
    columns: new Map(Object.entries(columns).map(([name, c]) => [name, { type: c.type, metrics: new Map(Object.entries(c.metrics)) }])),
  };
}

const where = (findings: Finding[], column: string | null, metric: string | null) => findings.filter((f) => f.column === column && f.metric === metric);

describe('compareRuns', () => {
  const columns: Columns = {
    id: { type: 'INTEGER', metrics: { count: '100', null_count: '0', min: '1', max: '100', histogram: '[{"lower":1,"upper":100,"count":100}]' } },
    total: { type: 'DECIMAL(12,2)', metrics: { count: '100', mean: '50', max: '9007199254740993', stddev: null } },
    placed: { type: 'DATE', metrics: { min: '2024-01-01', max: '2024-06-30' } },
    legacy: { type: 'TEXT', metrics: { count: '100' } },
  };
  const baseline = snapshot('b', 100, columns);

  it('finds nothing between identical runs', () => {
    expect(compareRuns(baseline, snapshot('c', 100, columns), settings)).toEqual([]);
  });

  it('reports a metric absent from one run as added or removed, without comparing it', () => {
    const current = snapshot('c', 100, { ...columns, id: { type: 'INTEGER', metrics: { count: '100', null_count: '0', min: '1', max: '100', mean: '50.5' } } });
    const findings = compareRuns(baseline, current, settings);
    expect(where(findings, 'id', 'mean')).toEqual([
      expect.objectContaining({ eventType: 'drift', severity: 'low', note: 'metric added', baselineValue: null, currentValue: '50.5' }),
    ]);
    // The histogram vanished too, but histograms are never compared (their total is `count`).
    expect(where(findings, 'id', 'histogram')).toEqual([]);
    expect(findings).toHaveLength(1);
  });

  it('reports values appearing or vanishing as high, and ignores null on both sides', () => {
    const current = snapshot('c', 100, {
      ...columns,
      id: { type: 'INTEGER', metrics: { count: '100', null_count: '0', min: null, max: '100', histogram: '[]' } },
      total: { type: 'DECIMAL(12,2)', metrics: { count: '100', mean: '50', max: '9007199254740993', stddev: '3.5' } },
    });
    const findings = compareRuns(baseline, current, settings);
    expect(where(findings, 'id', 'min')).toEqual([expect.objectContaining({ severity: 'high', note: 'became null', baselineValue: '1', currentValue: null, changePercent: null })]);
    expect(where(findings, 'total', 'stddev')).toEqual([expect.objectContaining({ severity: 'high', note: 'was null', baselineValue: null, currentValue: '3.5' })]);
    expect(findings).toHaveLength(2);
  });

  it('compares exact text as numbers and leaves non-numeric values (dates) alone', () => {
    const current = snapshot('c', 100, {
      ...columns,
      id: { type: 'INTEGER', metrics: { ...columns.id!.metrics, count: '100.0' } },
      total: { type: 'DECIMAL(12,2)', metrics: { count: '100', mean: '50.00', max: '18014398509481986', stddev: null } },
      placed: { type: 'DATE', metrics: { min: '2023-01-01', max: '2025-06-30' } },
    });
    const findings = compareRuns(baseline, current, settings);
    // Only the big integer doubled; `100.0` and `50.00` equal their baselines as numbers.
    expect(findings.map((f) => [f.column, f.metric, f.severity, f.changePercent])).toEqual([['total', 'max', 'high', 100]]);
  });

  it('reports columns added, removed and retyped as their own events, and no metric churn for a retyped column', () => {
    const current = snapshot('c', 100, {
      id: columns.id!,
      total: { type: 'TEXT', metrics: { count: '100', min_length: '4', max_length: '17' } },
      placed: columns.placed!,
      channel: { type: 'TEXT', metrics: { count: '100' } },
    });
    const findings = compareRuns(baseline, current, settings);
    expect(findings.map((f) => [f.eventType, f.column, f.baselineValue, f.currentValue, f.severity])).toEqual([
      ['type_changed', 'total', 'DECIMAL(12,2)', 'TEXT', 'high'],
      ['column_added', 'channel', null, 'TEXT', 'low'],
      ['column_removed', 'legacy', 'TEXT', null, 'high'],
    ]);
  });

  it('compares the table row count from the runs, with the same strategy', () => {
    const shrunk = compareRuns(baseline, snapshot('c', 60, columns), settings);
    expect(shrunk).toEqual([expect.objectContaining({ column: null, metric: 'row_count', baselineValue: '100', currentValue: '60', changePercent: -40, severity: 'high' })]);
    expect(compareRuns(snapshot('b', 0, columns), snapshot('c', 5, columns), settings)).toEqual([
      expect.objectContaining({ metric: 'row_count', note: 'new non-zero', severity: 'high' }),
    ]);
  });

  it('standard_deviation uses every run of the history, not just the baseline', () => {
    const run = (id: string, mean: string) => snapshot(id, 100, { v: { type: 'REAL', metrics: { mean } } });
    const history = [run('h3', '14'), run('h2', '12'), run('h1', '10')];
    // 16 is 2 sample standard deviations above the mean of 10, 12, 14: medium by default.
    const findings = compareRuns(history[0]!, run('c', '16'), deviationSettings, history);
    expect(findings).toEqual([expect.objectContaining({ metric: 'mean', severity: 'medium', baselineValue: '14', currentValue: '16' })]);
    expect(findings[0]!.note).toContain('2.00σ from mean 12 of 3 runs');
    // Against the baseline alone (a one-run history), any change is high.
    expect(compareRuns(history[0]!, run('c', '16'), deviationSettings)[0]!.severity).toBe('high');
  });
});

describe('compareRuns with NaN and infinities', () => {
  const run = (runId: string, metrics: Record<string, string | null>) => snapshot(runId, 3, { f: { type: 'REAL', metrics } });

  it('reports a metric leaving or reaching a non-finite value as high drift, without a percent', () => {
    const findings = compareRuns(run('b', { min: '-Infinity', mean: 'NaN', max: '5' }), run('c', { min: '1', mean: '1.5', max: 'Infinity' }), settings);
    expect(findings).toEqual([
      expect.objectContaining({ column: 'f', metric: 'min', baselineValue: '-Infinity', currentValue: '1', changePercent: null, severity: 'high', note: 'was -Infinity' }),
      expect.objectContaining({ column: 'f', metric: 'mean', baselineValue: 'NaN', currentValue: '1.5', changePercent: null, severity: 'high', note: 'was NaN' }),
      expect.objectContaining({ column: 'f', metric: 'max', baselineValue: '5', currentValue: 'Infinity', changePercent: null, severity: 'high', note: 'became Infinity' }),
    ]);
  });

  it('reports one non-finite value turning into another, and nothing when it stays the same', () => {
    const findings = compareRuns(run('b', { min: '-Infinity', max: 'Infinity', mean: 'NaN' }), run('c', { min: '-Infinity', max: 'NaN', mean: 'NaN' }), deviationSettings);
    expect(findings).toEqual([expect.objectContaining({ metric: 'max', note: 'Infinity -> NaN', severity: 'high' })]);
  });
});
