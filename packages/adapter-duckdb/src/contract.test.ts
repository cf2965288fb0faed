import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionSchema, poolPolicy, reactionTo } from '@baselinr/core';
import { adapter, duckdbLimits, toWarehouseError } from './index.js';
import { tempDir } from './test-support/database.js';
import { holdWriteLock } from './test-support/lock-holder.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('contract');
});
afterEach(() => dir.remove());

const errorOf = (work: () => Promise<unknown>) =>
  work().then(
    () => undefined,
    (e: unknown) => e,
  );

describe('DuckDB limits as data', () => {
  it('keeps one connection per worker plus one for catalog queries, up to libuv threads - 1 workers', () => {
    const limits = duckdbLimits(4);
    expect(limits.ceiling).toMatchObject({ workers: 3, reason: expect.stringContaining('UV_THREADPOOL_SIZE=4') });
    expect(poolPolicy(limits.pool, 1)).toMatchObject({ size: 2, maxConcurrentStatements: 1 });
    expect(poolPolicy(limits.pool, 3)).toMatchObject({ size: 4, maxConcurrentStatements: 3 });
  });
});

describe('DuckDB errors by cause', () => {
  it('maps real driver errors, keeping the error type as the code and the message', async () => {
    const driver = await adapter.openSqlDriver!(connectionSchema.parse({ type: 'duckdb', filepath: ':memory:' }), {
      purpose: 'test',
      connections: 2,
      configPath: 'storage.connection',
    });
    try {
      expect(await errorOf(() => driver.query('SELEC 1'))).toMatchObject({ kind: 'syntax', driverCode: 'PARSER', message: expect.stringContaining('syntax error') });
      expect(await errorOf(() => driver.query('SELECT * FROM nope'))).toMatchObject({ kind: 'object_not_found', driverCode: 'CATALOG' });
      expect(await errorOf(() => driver.query('SELECT nope FROM range(1)'))).toMatchObject({ kind: 'object_not_found', driverCode: 'BINDER' });
      expect(await errorOf(() => driver.query("SELECT CAST('x' AS INTEGER)"))).toMatchObject({ kind: 'unknown', driverCode: 'CONVERSION' });
    } finally {
      await driver.close();
    }
  });

  it("another process's write lock refuses the connection, and core retries it as before causes", async () => {
    const filepath = join(dir.path, 'locked.duckdb');
    const lock = await holdWriteLock(filepath);
    try {
      const refused = await errorOf(() =>
        adapter.connect(connectionSchema.parse({ type: 'duckdb', filepath }), {
          policy: poolPolicy(adapter.limits(connectionSchema.parse({ type: 'duckdb' })).pool, 1),
          runId: 'locked',
        }),
      );
      expect(refused).toMatchObject({ kind: 'connection_refused', driverCode: 'LOCK_CONFLICT' });
      expect(reactionTo(refused)).toEqual({ retry: true, lowerConcurrency: false });
    } finally {
      await lock.release();
    }
  });

  it('running out of memory lowers the run concurrency, as before causes', () => {
    const oom = toWarehouseError(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB'));
    expect(oom).toMatchObject({ kind: 'resource_exhausted', driverCode: 'OUT_OF_MEMORY' });
    expect(reactionTo(oom)).toEqual({ retry: true, lowerConcurrency: true });
  });
});
