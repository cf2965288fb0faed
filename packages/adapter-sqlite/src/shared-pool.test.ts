import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselinrMetrics, ProfileEngine, type EngineEvent } from '@baselinr/core';
// The built package: its sessions run statements in a worker thread loaded from dist.
import adapter from '@baselinr/adapter-sqlite';
import { seeded, workspace, type Workspace } from './test-support/fixtures.js';

const TABLES = 4;
const RUNS = 3;

let ws: Workspace;

beforeEach(() => {
  ws = workspace();
  const random = seeded(7);
  for (let t = 0; t < TABLES; t++) {
    ws.exec(`CREATE TABLE t${t} (id INTEGER, amount REAL, label TEXT)`);
    ws.exec(
      `INSERT INTO t${t} VALUES (?, ?, ?)`,
      Array.from({ length: 20_000 }, (_, i) => [i, random() * 1000, `label ${i % 97}`]),
    );
  }
});
afterEach(() => ws.cleanup());

describe('a shared pool on one machine (SQLite coordination file)', () => {
  it('runs that share a one-slot pool take turns; every wait is measured and no slot stays held', async () => {
    const leases = join(ws.dir, 'leases.db');
    const config = ws.config({ coordination: { slots: 1, connection: { type: 'sqlite', filepath: leases } } });
    const engines = Array.from({ length: RUNS }, () => new ProfileEngine(config, { adapters: { sqlite: adapter } }));
    const metrics = new BaselinrMetrics();
    const waits: Array<Extract<EngineEvent, { type: 'slot_wait' }>> = [];
    for (const engine of engines) {
      metrics.observe(engine, 'test');
      engine.on('slot_wait', (event) => waits.push(event));
    }
    const results = await Promise.all(engines.map((engine) => engine.profile()));

    for (const result of results) expect(result).toMatchObject({ succeeded: TABLES, failed: 0 });
    const statements = results.flatMap((r) => r.tables.flatMap((t) => t.statements)).length;
    expect(waits.filter((w) => w.state === 'acquired')).toHaveLength(statements);
    // Three runs, one slot: some statements had to wait for another run's.
    expect(waits.filter((w) => w.state === 'waiting').length).toBeGreaterThan(0);
    const pool = waits[0]!.pool;
    const text = await metrics.registry.metrics();
    expect(text).toContain(`baselinr_shared_slot_wait_seconds_count{warehouse="sqlite",pool="${pool}"} ${statements}`);
    expect(text).toContain(`baselinr_statements_waiting_for_shared_slot{warehouse="sqlite",pool="${pool}"} 0`);
    const db = new Database(leases, { readonly: true });
    try {
      expect(db.prepare('SELECT slot_no, holder FROM baselinr_slot_leases WHERE pool_name = ?').all(pool)).toEqual([{ slot_no: 0, holder: null }]);
    } finally {
      db.close();
    }
  });
});
