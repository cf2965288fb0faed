import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, connectionSchema } from '@baselinr/core';
import { duckdbSource } from './source-config.js';
import { tempDir, write } from './test-support/database.js';

let dir: ReturnType<typeof tempDir>;
const source = (input: Record<string, unknown>) => duckdbSource(connectionSchema.parse({ type: 'duckdb', ...input }));
const at = (...parts: string[]) => join(dir.path, ...parts);

beforeAll(async () => {
  dir = tempDir('config');
  await write(at('warehouse.duckdb'), 'CREATE TABLE t AS SELECT 1 AS x');
  mkdirSync(at('lake', 'events', 'day=1'), { recursive: true });
  mkdirSync(at('lake', 'mixed'), { recursive: true });
  for (const file of [
    'lake/orders.parquet',
    'lake/events/day=1/part-0.parquet',
    'lake/mixed/a.parquet',
    'lake/mixed/b.csv',
    'lake/customers.csv.gz',
    'lake/notes.txt',
    'extra.jsonl',
  ])
    writeFileSync(at(file), '');
});
afterAll(() => dir.remove());

describe('duckdbSource', () => {
  it('opens a database file read-only and nothing else', () => {
    expect(source({ filepath: at('warehouse.duckdb') })).toEqual({ database: at('warehouse.duckdb'), files: [], settings: {} });
  });

  it('makes one data file a table named after it', () => {
    expect(source({ filepath: at('lake', 'orders.parquet') }).files).toEqual([{ name: 'orders', path: at('lake', 'orders.parquet'), format: 'parquet' }]);
  });

  it('makes each data file of a folder a table, and each subfolder of part files one table', () => {
    expect(() => source({ filepath: at('lake') })).toThrow(/mixes .*parquet.*csv/);
    mkdirSync(at('clean'), { recursive: true });
    writeFileSync(at('clean', 'orders.parquet'), '');
    writeFileSync(at('clean', 'customers.csv.gz'), '');
    mkdirSync(at('clean', 'events', 'day=2'), { recursive: true });
    writeFileSync(at('clean', 'events', 'day=2', 'p.parquet'), '');
    expect(source({ filepath: at('clean') }).files).toEqual([
      { name: 'customers', path: at('clean', 'customers.csv.gz'), format: 'csv' },
      { name: 'events', path: join(at('clean', 'events'), '**', '*.parquet'), format: 'parquet' },
      { name: 'orders', path: at('clean', 'orders.parquet'), format: 'parquet' },
    ]);
  });

  it('adds extra_params.files, relative to the folder of filepath, with DuckDB settings', () => {
    const parsed = source({
      filepath: at('warehouse.duckdb'),
      extra_params: { files: { clicks: 'extra.jsonl', all_events: 'lake/events/**/*.parquet' }, threads: '2', memory_limit: '1GB' },
    });
    expect(parsed.files).toEqual([
      { name: 'clicks', path: at('extra.jsonl'), format: 'json' },
      { name: 'all_events', path: at('lake', 'events', '**', '*.parquet'), format: 'parquet' },
    ]);
    expect(parsed.settings).toEqual({ threads: '2', memory_limit: '1GB' });
  });

  it('refuses each bad setting with its key and what was expected', () => {
    const problem = (input: Record<string, unknown>) => {
      try {
        source(input);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(problem({ filepath: at('absent.duckdb') })).toMatch(/^source\.filepath: no DuckDB database, data file or folder at .*absent\.duckdb/);
    expect(problem({ filepath: at('lake', '*.parquet') })).toMatch(/^source\.filepath: .* names several files; name the table .* extra_params\.files/);
    expect(problem({})).toMatch(/^source\.filepath: nothing to profile/);
    expect(problem({ filepath: at('warehouse.duckdb'), extra_params: { thread: 2 } })).toMatch(/^source\.extra_params: unknown key\(s\) thread/);
    expect(problem({ filepath: at('warehouse.duckdb'), extra_params: { threads: 0 } })).toMatch(/^source\.extra_params\.threads: Expected a whole number of at least 1, got 0/);
    expect(problem({ filepath: at('warehouse.duckdb'), extra_params: { files: { x: 'notes.txt' } } })).toMatch(/^source\.extra_params\.files\.x: Expected a \.parquet/);
    expect(problem({ filepath: at('warehouse.duckdb'), extra_params: { files: { x: 'missing.parquet' } } })).toMatch(/no such file/);
    expect(problem({ filepath: at('lake', 'orders.parquet'), extra_params: { files: { ORDERS: 'orders.parquet' } } })).toMatch(/two file tables are named orders/);
  });
});
