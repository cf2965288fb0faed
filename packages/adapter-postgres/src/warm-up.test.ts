import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapter, applicationName } from './index.js';
import { adminClient, PG, policy, sourceConnection } from './test-support/pg.js';
import { connectionsToWarm } from './warm-up.js';

let admin: pg.Client;

beforeAll(async () => {
  admin = await adminClient();
});

afterAll(async () => {
  await admin?.end();
});

/** The run's connections on the server (`application_name` names the run). */
async function runConnections(runId: string): Promise<number> {
  const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [applicationName(runId)]);
  return (rows[0] as { n: number }).n;
}

/** Polls until the run holds `expected` connections; the last count seen if it never does within the bound. */
async function settlesAt(runId: string, expected: number): Promise<number> {
  let seen = await runConnections(runId);
  for (let i = 0; i < 200 && seen !== expected; i++) {
    await sleep(25);
    seen = await runConnections(runId);
  }
  return seen;
}

describe('connections opened ahead of the first tables', () => {
  it('as many as statements in flight, never the server’s last free connection', () => {
    const eight = { size: 10, maxConcurrentStatements: 8, reason: '' };
    expect(connectionsToWarm(eight, 8, 100)).toBe(7);
    expect(connectionsToWarm(eight, 3, 100)).toBe(2);
    expect(connectionsToWarm(eight, 20, 100)).toBe(7);
    expect(connectionsToWarm(eight, 8, 3)).toBe(2);
    expect(connectionsToWarm(eight, 8, 1)).toBe(0);
    expect(connectionsToWarm(eight, 8, undefined)).toBe(0);
    expect(connectionsToWarm({ size: 2, maxConcurrentStatements: 1, reason: '' }, 1, 100)).toBe(0);
  });

  it('open when the run asks, up to one per statement in flight, after the first catalog query', async () => {
    const runId = `warm-${randomUUID()}`;
    const session = await adapter.connect(sourceConnection(), { policy: policy(8), runId });
    try {
      await session.listTables({ schemas: ['public'] });
      // Listing alone opens nothing ahead: a run with nothing to profile needs no more.
      expect(await runConnections(runId)).toBe(1);
      session.warmUp?.(8);
      expect(await settlesAt(runId, 8)).toBe(8);
    } finally {
      await session.close();
    }
    // Closed on the client at once; the server's backends end a moment later.
    expect(await settlesAt(runId, 0)).toBe(0);
  });

  it('under a role’s CONNECTION LIMIT, leave one connection free', async () => {
    const role = `baselinr_warm_${process.pid}`;
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 3`);
    const runId = `warm-${randomUUID()}`;
    try {
      const session = await adapter.connect(sourceConnection({ username: role }), { policy: policy(8), runId });
      try {
        await session.listTables({ schemas: ['public'] });
        session.warmUp?.(8);
        // One open and one ahead (3 - 1 in use - 1 kept free): the third is still there for anyone.
        expect(await settlesAt(runId, 2)).toBe(2);
        const other = new (await import('pg')).default.Client({ ...PG, user: role });
        await other.connect();
        await other.end();
      } finally {
        await session.close();
      }
    } finally {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    }
  });
});
