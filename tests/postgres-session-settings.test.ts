import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolPolicy, type ConnectionConfig, type Row } from '@baselinr/core';
import postgres from '@baselinr/adapter-postgres';
import { createPool, poolConfig, StatementRunner } from '@baselinr/adapter-postgres/wire';
import { startProxy } from '@baselinr/tcp-proxy';
import pg from 'pg';
import { PG } from './pg-support.js';

const role = `baselinr_settings_${process.pid}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client(PG);
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  // Defaults that would change how timestamps and intervals read as text if the run's settings were missing.
  await admin.query(`CREATE ROLE ${role} LOGIN`);
  await admin.query(`ALTER ROLE ${role} SET timezone TO 'Asia/Kolkata'`);
  await admin.query(`ALTER ROLE ${role} SET datestyle TO 'SQL, DMY'`);
  await admin.query(`ALTER ROLE ${role} SET intervalstyle TO 'sql_standard'`);
});

afterAll(async () => {
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

const source = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  type: 'postgres',
  host: PG.host,
  port: PG.port,
  database: PG.database,
  username: role,
  extra_params: {},
  ...extra,
});
const policy = (workers: number) => poolPolicy(postgres.limits(source()).pool, workers);

/** What a statement sees of the session: a timestamp and an interval as text, and its backend. */
const SETTINGS_PROBE = `SELECT pg_backend_pid() AS pid, '2024-03-05 06:07:08+00'::timestamptz::text AS ts, '1 day 2 hours'::interval::text AS iv, pg_sleep(0.3)::text AS slept`;

describe('PostgreSQL session settings, sent ahead of each connection’s first statement', () => {
  it('every connection’s statements read timestamps in UTC and ISO whatever the role’s defaults', async () => {
    const session = await postgres.connect(source(), { policy: policy(4), runId: `settings-${randomUUID()}` });
    try {
      // Four at once: the first connection and three opened for them, each new.
      const rows = (await Promise.all(Array.from({ length: 4 }, () => session.execute(SETTINGS_PROBE)))).flatMap((r) => r as Row[]);
      expect(new Set(rows.map((r) => r.pid)).size).toBe(4);
      for (const row of rows) expect([row.ts, row.iv]).toEqual(['2024-03-05 06:07:08+00', '1 day 02:00:00']);
    } finally {
      await session.close();
    }
  });

  it('a new connection’s settings and its first statement share one round trip', async () => {
    // Client flights: runs of client-to-server chunks, each ended by the server answering.
    let flights = 0;
    let last: 'to-server' | 'to-client' | undefined;
    const proxy = await startProxy({
      targetHost: PG.host,
      targetPort: PG.port,
      latencyMs: 20,
      onChunk: (direction) => {
        if (direction === 'to-server' && last !== 'to-server') flights++;
        last = direction;
      },
    });
    try {
      const session = await postgres.connect(source({ host: '127.0.0.1', port: proxy.port }), { policy: policy(1), runId: `settings-${randomUUID()}` });
      try {
        const [row] = (await session.execute(`SELECT '2024-03-05 06:07:08+00'::timestamptz::text AS ts`)) as Row[];
        expect(row?.ts).toBe('2024-03-05 06:07:08+00');
        // The start-up packet, then the settings with the statement behind them: two, not three.
        expect(flights).toBe(2);
      } finally {
        await session.close();
      }
    } finally {
      await proxy.close();
    }
  });

  it('settings that fail take the statement behind them and the connection with them', async () => {
    const config = poolConfig(source({ username: PG.user }), { size: 2, applicationName: `settings-${randomUUID()}`, section: 'source' });
    const pool = createPool(config, { no_such_setting: 'on' }, { pipelined: true, checkClientConnection: false });
    const runner = new StatementRunner(pool);
    try {
      await expect(runner.query('SELECT 1 AS one')).rejects.toThrow(/no_such_setting/);
      // Discarded, not returned to the pool for the next statement to run under the server's defaults.
      for (let i = 0; i < 100 && pool.totalCount > 0; i++) await sleep(10);
      expect(pool.totalCount).toBe(0);
    } finally {
      await runner.close();
    }
  });
});
