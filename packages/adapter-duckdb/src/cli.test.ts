import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, write } from './test-support/database.js';

/** The built CLI, which resolves `type: duckdb` to @baselinr/adapter-duckdb where it is installed. */
const BIN = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('cli');
  mkdirSync(join(dir.path, 'data'));
  await write(
    join(dir.path, 'shop.duckdb'),
    `CREATE SCHEMA sales; CREATE TABLE sales.orders AS SELECT i AS id, CASE WHEN i = 3 THEN 9007199254740993 ELSE i END AS big, 'x' || i AS note FROM range(50) r(i)`,
  );
  await write(':memory:', `COPY (SELECT i AS id, i * 2.5 AS amount FROM range(40) r(i)) TO '${join(dir.path, 'data', 'payments.parquet')}' (FORMAT parquet)`);
  writeFileSync(
    join(dir.path, 'database.yml'),
    'source: { type: duckdb, filepath: shop.duckdb }\nstorage: { connection: { type: duckdb, filepath: .baselinr/results.duckdb } }\nprofiling: { tables: [{ schema: sales, select_schema: true }] }\n',
  );
  writeFileSync(
    join(dir.path, 'parquet.yml'),
    'source: { type: duckdb, filepath: data/payments.parquet }\nstorage: { connection: { type: sqlite, filepath: .baselinr/results.db } }\n',
  );
});
afterAll(() => dir.remove());

/** Runs `baselinr profile --json` from the config's folder (outside the repository), as a user would. */
function profile(config: string) {
  const run = spawnSync(process.execPath, [BIN, 'profile', '--config', config, '--json'], { cwd: dir.path, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, result: run.status === 0 ? JSON.parse(run.stdout) : undefined };
}

describe('baselinr profile with type: duckdb', () => {
  it('has a built CLI to run', () => {
    expect(existsSync(BIN), `${BIN}: build apps/cli first`).toBe(true);
  });

  it('profiles a DuckDB database file', () => {
    const { status, stderr, result } = profile('database.yml');
    expect(status, stderr).toBe(0);
    expect(result.tables.map((t: { schema: string; table: string; status: string; rowCount: number }) => [t.schema, t.table, t.status, t.rowCount])).toEqual([
      ['sales', 'orders', 'succeeded', 50],
    ]);
    const big = result.tables[0].columns.find((c: { name: string }) => c.name === 'big');
    expect(big.metrics.max).toBe('9007199254740993');
    expect(existsSync(join(dir.path, '.baselinr', 'results.duckdb'))).toBe(true);
  });

  it('profiles a Parquet file named by filepath', () => {
    const { status, stderr, result } = profile('parquet.yml');
    expect(status, stderr).toBe(0);
    expect(result.tables.map((t: { schema: string; table: string; rowCount: number }) => [t.schema, t.table, t.rowCount])).toEqual([['main', 'payments', 40]]);
    const amount = result.tables[0].columns.find((c: { name: string }) => c.name === 'amount');
    expect(amount.metrics).toMatchObject({ count: 40, min: '0', max: '97.5' });
  });
});
