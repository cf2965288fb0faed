import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binEdges, ProfileEngine, type ColumnProfile, type RunResult } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { seeded, workspace, type Workspace } from './test-support/fixtures.js';

// Independent computations in JavaScript over the rows the test generated.
const present = <T>(values: readonly (T | null)[]) => values.filter((v): v is T => v !== null);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stddev = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const chars = (s: string) => [...s].length;

const random = seeded(42);
const words = ['alpha', 'Zoë', 'naïve café', '李雷', '🙂 emoji', 'x', 'longer words here'];
const rows = Array.from({ length: 500 }, (_, i) => ({
  id: i + 1,
  qty: random() < 0.1 ? null : Math.floor(random() * 1000) - 200,
  price: random() < 0.2 ? null : Math.round(random() * 100_000) / 100,
  label: random() < 0.15 ? null : words[Math.floor(random() * words.length)]!,
  created: random() < 0.05 ? null : `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)} 10:00:00`,
  empty_col: null,
}));

let ws: Workspace;
let result: RunResult;
const column = (table: string, name: string): ColumnProfile => result.tables.find((t) => t.table === table)!.columns.find((c) => c.column === name)!;

beforeAll(async () => {
  ws = workspace();
  ws.exec('CREATE TABLE facts (id INTEGER, qty INTEGER, price REAL, label TEXT, created TIMESTAMP, empty_col INTEGER)');
  ws.exec(
    'INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)',
    rows.map((r) => [r.id, r.qty, r.price, r.label, r.created, r.empty_col]),
  );
  ws.exec('CREATE TABLE empty_table (a INTEGER, b TEXT)');
  ws.exec('CREATE TABLE big (n BIGINT, d DECIMAL(30,2))');
  ws.exec('INSERT INTO big VALUES (?, ?)', [
    [9007199254740993n, '12.50'],
    [-9007199254740993n, '3.25'],
    [5n, null],
  ]);
  result = await new ProfileEngine(ws.config({ profiling: { histogram_bins: 7 } }), { adapters: { sqlite } }).profile();
});
afterAll(() => ws.cleanup());

describe('SQLite metrics equal an independent computation', () => {
  it('profiles every table', () => {
    expect(result.tables.map((t) => [t.table, t.status])).toEqual([
      ['big', 'succeeded'],
      ['empty_table', 'succeeded'],
      ['facts', 'succeeded'],
    ]);
    expect(result.tables.find((t) => t.table === 'facts')!.rowCount).toBe(rows.length);
  });

  it('integers: counts, distinct, exact min/max, mean, stddev, histogram', () => {
    const qty = present(rows.map((r) => r.qty));
    const m = column('facts', 'qty').metrics;
    // Baselinr's meanings: count is the rows, unique_ratio is distinct values over rows.
    expect(m.count).toBe(rows.length);
    expect(m.null_count).toBe(rows.length - qty.length);
    expect(m.null_ratio).toBeCloseTo((rows.length - qty.length) / rows.length, 12);
    expect(m.distinct_count).toBe(new Set(qty).size);
    expect(m.approx_distinct_count).toBe(new Set(qty).size);
    expect(m.unique_ratio).toBeCloseTo(new Set(qty).size / rows.length, 12);
    expect(m.min).toBe(String(Math.min(...qty)));
    expect(m.max).toBe(String(Math.max(...qty)));
    expect(m.mean).toBeCloseTo(mean(qty), 9);
    expect(m.stddev).toBeCloseTo(stddev(qty), 9);
    const edges = binEdges(Math.min(...qty), Math.max(...qty), 7);
    const expected = edges.slice(0, -1).map((lower, i) => qty.filter((x) => (i === 0 || x >= lower) && (i === 6 || x < edges[i + 1]!)).length);
    const histogram = m.histogram as ReadonlyArray<{ count: number; lower: number }>;
    expect(histogram.map((b) => b.count)).toEqual(expected);
    expect(histogram.map((b) => b.lower)).toEqual(edges.slice(0, -1));
  });

  it('floats and strings (lengths in characters, unicode included)', () => {
    const price = present(rows.map((r) => r.price));
    const p = column('facts', 'price').metrics;
    expect(p.min).toBe(Math.min(...price));
    expect(p.max).toBe(Math.max(...price));
    expect(p.mean).toBeCloseTo(mean(price), 9);
    const labels = present(rows.map((r) => r.label));
    const l = column('facts', 'label').metrics;
    expect(l.distinct_count).toBe(new Set(labels).size);
    // SQLite compares text by its bytes: code point order, which JavaScript's sort matches for these words.
    const sorted = [...labels].sort();
    expect([l.min, l.max]).toEqual([sorted[0], sorted.at(-1)]);
    expect(l.min_length).toBe(Math.min(...labels.map(chars)));
    expect(l.max_length).toBe(Math.max(...labels.map(chars)));
    expect(l.avg_length).toBeCloseTo(mean(labels.map(chars)), 9);
    expect(l).not.toHaveProperty('mean');
  });

  it('timestamps keep their text and get min/max but no mean', () => {
    const created = present(rows.map((r) => r.created)).sort();
    const c = column('facts', 'created').metrics;
    expect(c.min).toBe(created[0]);
    expect(c.max).toBe(created.at(-1));
    expect(c).not.toHaveProperty('mean');
  });

  it('an all-null column and an empty table give correct metrics, not errors', () => {
    // As Baselinr: count is the rows and the ratios are 0.0 rather than null for an empty table.
    expect(column('facts', 'empty_col').metrics).toMatchObject({
      count: rows.length,
      null_count: rows.length,
      null_ratio: 1,
      distinct_count: 0,
      unique_ratio: 0,
      min: null,
      max: null,
      mean: null,
      histogram: null,
    });
    expect(column('empty_table', 'a').metrics).toMatchObject({ count: 0, null_count: 0, null_ratio: 0, unique_ratio: 0, min: null, histogram: null });
    expect(column('empty_table', 'b').metrics).toMatchObject({ count: 0, min: null, max: null, min_length: null });
  });

  it('big integers and decimals keep their exact values', () => {
    expect(column('big', 'n').metrics).toMatchObject({ min: '-9007199254740993', max: '9007199254740993', count: 3 });
    expect(column('big', 'd').metrics).toMatchObject({ min: '3.25', max: '12.5', count: 3, null_count: 1 });
  });

  it('stores every metric in the results database, readable without the adapter', () => {
    const stored = ws.results_db((db) =>
      db.prepare("SELECT metric_value FROM baselinr_results WHERE dataset_name = 'big' AND column_name = 'n' AND metric_name = 'max'").get(),
    ) as { metric_value: string };
    expect(stored.metric_value).toBe('9007199254740993');
    const runs = ws.results_db((db) => db.prepare('SELECT dataset_name, status, row_count, column_count FROM baselinr_runs ORDER BY dataset_name').all());
    expect(runs).toEqual([
      { dataset_name: 'big', status: 'completed', row_count: 3, column_count: 2 },
      { dataset_name: 'empty_table', status: 'completed', row_count: 0, column_count: 2 },
      { dataset_name: 'facts', status: 'completed', row_count: 500, column_count: 6 },
    ]);
  });
});
