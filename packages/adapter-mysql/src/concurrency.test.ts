import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { adminConnection, createTestDatabase, runEngine, tempDir, type TestDatabase } from './test-support/db.js';

const TABLES = 40;
const ROWS = 12_000;

let db: TestDatabase;
let dir: ReturnType<typeof tempDir>;
let sampler: Connection;

beforeAll(async () => {
  db = await createTestDatabase('conc');
  dir = tempDir();
  // The sampler has no default database, so it never counts itself among the run's connections.
  sampler = await adminConnection();
  const digits =
    '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  await db.admin.query('CREATE TABLE seed (id INT, a INT, b BIGINT, c DECIMAL(12,2), d DOUBLE, e VARCHAR(32), f VARCHAR(64), g DATETIME, h DATE, i BOOLEAN)');
  // Enough rows that each table's distinct counts keep a statement running for a while.
  await db.admin.query(
    `INSERT INTO seed SELECT n, n % 977, n * 7919, (n % 10007) / 100, SQRT(n), MD5(n), CONCAT(MD5(n), MD5(n + 1)), ` +
      `'2020-01-01' + INTERVAL n MINUTE, '2020-01-01' + INTERVAL (n % 3000) DAY, n % 2 ` +
      `FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f) x WHERE n < ${ROWS}`,
  );
  const builders = await Promise.all(Array.from({ length: 4 }, () => adminConnection(db.name)));
  await Promise.all(
    builders.map(async (conn, w) => {
      for (let i = w; i < TABLES; i += builders.length) await conn.query(`CREATE TABLE t${String(i).padStart(2, '0')} AS SELECT * FROM seed`);
      await conn.end();
    }),
  );
}, 120_000);

afterAll(async () => {
  await sampler?.end();
  await db?.drop();
  dir?.remove();
});

interface Observed {
  samples: number;
  maxConnections: number;
  maxExecuting: number;
  /** Samples that saw at least one profiling statement executing. */
  active: number;
}

/** The run's sessions as the server sees them: connections to the test database, and those running a statement. */
async function snapshot(): Promise<{ connections: number; executing: number }> {
  const [rows] = await sampler.query('SELECT COMMAND AS command FROM information_schema.PROCESSLIST WHERE DB = ? AND ID NOT IN (CONNECTION_ID(), ?)', [db.name, db.admin.threadId]);
  const list = rows as Array<{ command: string }>;
  return { connections: list.length, executing: list.filter((r) => r.command === 'Query').length };
}

/** Samples PROCESSLIST every few milliseconds while `work` runs. */
async function observe(work: () => Promise<unknown>): Promise<Observed> {
  const observed: Observed = { samples: 0, maxConnections: 0, maxExecuting: 0, active: 0 };
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const { connections, executing } = await snapshot();
      observed.samples++;
      observed.maxConnections = Math.max(observed.maxConnections, connections);
      observed.maxExecuting = Math.max(observed.maxExecuting, executing);
      if (executing > 0) observed.active++;
      await sleep(3);
    }
  })();
  try {
    await work();
  } finally {
    done = true;
    await sampling;
  }
  return observed;
}

/** Waits until no connection of an earlier run lingers, so each run is measured alone. */
async function quiet(): Promise<void> {
  for (let i = 0; i < 200 && (await snapshot()).connections > 0; i++) await sleep(25);
}

function profileAll(workers: number, pattern = 't*') {
  return runEngine({
    source: db.connection(),
    storage: { connection: { type: 'sqlite', filepath: `${dir.path}/r-${workers}.db` } },
    profiling: { tables: [{ pattern }] },
    execution: { max_workers: workers },
  });
}

describe('concurrency on the server', () => {
  it('with max_workers 8: at most 10 connections and at most 8 statements executing', async () => {
    await quiet();
    let succeeded = 0;
    const observed = await observe(async () => {
      const result = await profileAll(8);
      expect(result.workers.workers).toBe(8);
      expect(result.workers.pool.size).toBe(10);
      succeeded = result.succeeded;
    });
    expect(succeeded).toBe(TABLES);
    expect(observed.active, `sampled ${observed.samples} times`).toBeGreaterThan(0);
    expect(observed.maxConnections, JSON.stringify(observed)).toBeLessThanOrEqual(10);
    expect(observed.maxExecuting, JSON.stringify(observed)).toBeLessThanOrEqual(8);
  });

  // Ten tables are enough to see the invariant; all forty, one at a time, took over a minute on a loaded machine.
  it('with max_workers 1: never more than one statement executing', async () => {
    await quiet();
    let succeeded = 0;
    const observed = await observe(async () => {
      succeeded = (await profileAll(1, 't0*')).succeeded;
    });
    expect(succeeded).toBe(10);
    expect(observed.active, `sampled ${observed.samples} times`).toBeGreaterThan(0);
    expect(observed.maxExecuting, JSON.stringify(observed)).toBeLessThanOrEqual(1);
    expect(observed.maxConnections, JSON.stringify(observed)).toBeLessThanOrEqual(2);
  }, 180_000);
});
