import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileEngine, summaryLine, type EngineEvent } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { instrument } from './test-support/instrumented.js';
import { workspace, type Workspace } from './test-support/fixtures.js';

let ws: Workspace;
const tableNames = Array.from({ length: 30 }, (_, i) => `t_${String(i).padStart(2, '0')}`);

beforeEach(() => {
  ws = workspace();
  for (const [i, name] of tableNames.entries()) {
    ws.exec(`CREATE TABLE ${name} (id INTEGER, v REAL, s TEXT)`);
    ws.exec(
      `INSERT INTO ${name} VALUES (?, ?, ?)`,
      Array.from({ length: 20 + i }, (_, r) => [r, r / 3, `row ${r}`]),
    );
  }
});
afterEach(() => ws.cleanup());

describe('scheduler invariants on a real SQLite warehouse', () => {
  it('never runs more statements than the effective workers, isolates failures and accounts for every table', async () => {
    const failing = new Set(['t_07', 't_19']);
    const { adapter, stats } = instrument(sqlite, {
      ceiling: 64,
      fail: (sql) => ([...failing].some((t) => sql.includes(`"${t}"`)) ? 'syntax' : undefined),
    });
    const result = await new ProfileEngine(ws.config({ execution: { max_workers: 4, queue_size: 10 } }), { adapters: { sqlite: adapter } }).profile();

    expect(result.workers.workers).toBe(4);
    expect(stats.peak).toBeLessThanOrEqual(4);
    expect(stats.peak).toBeGreaterThan(1); // the run really was parallel
    expect(result.tables).toHaveLength(30);
    expect(result.succeeded).toBe(28);
    expect(result.failed).toBe(2);
    expect(summaryLine(result)).toBe('Profiling completed: 28 succeeded, 2 failed');
    expect(
      result.tables
        .filter((t) => t.status === 'failed')
        .map((t) => t.table)
        .sort(),
    ).toEqual([...failing]);

    // The store, read directly: failed tables have a failed run row and no results; others are whole.
    const runs = ws.results_db((db) => db.prepare('SELECT dataset_name, status, error_message FROM baselinr_runs').all()) as Array<{
      dataset_name: string;
      status: string;
      error_message: string | null;
    }>;
    expect(runs).toHaveLength(30);
    for (const run of runs) {
      expect(run.status).toBe(failing.has(run.dataset_name) ? 'failed' : 'completed'); // Baselinr's name for a successful table, so Baselinr reads these runs
      if (failing.has(run.dataset_name)) expect(run.error_message).toContain('injected syntax failure');
    }
    const resultCounts = ws.results_db((db) => db.prepare('SELECT dataset_name, COUNT(*) AS n FROM baselinr_results GROUP BY dataset_name').all()) as Array<{
      dataset_name: string;
      n: number;
    }>;
    expect(resultCounts.map((r) => r.dataset_name).sort()).toEqual(tableNames.filter((t) => !failing.has(t)));
    expect(new Set(resultCounts.map((r) => r.n)).size).toBe(1);
  });

  it('runs one statement at a time on SQLite whatever the config asks, and says why', async () => {
    const { adapter, stats } = instrument(sqlite);
    const result = await new ProfileEngine(ws.config({ execution: { max_workers: 8 } }), { adapters: { sqlite: adapter } }).profile();
    expect(result.workers.workers).toBe(1);
    expect(result.workers.clamps).toEqual([expect.objectContaining({ from: 8, to: 1, by: 'adapter_ceiling', reason: expect.stringContaining('single writer') })]);
    expect(stats.peak).toBe(1);
    expect(result.succeeded).toBe(30);
  });

  it('retries failures whose cause is worth retrying per statement and reports each retry', async () => {
    const { adapter } = instrument(sqlite, { fail: (sql, attempt) => (sql.includes('"t_03"') && attempt === 1 ? 'connection_lost' : undefined) });
    const engine = new ProfileEngine(ws.config({ retry: { min_backoff: 0.001, max_backoff: 0.002 } }), { adapters: { sqlite: adapter } });
    const events: EngineEvent[] = [];
    const collected = (async () => {
      for await (const event of engine.events()) events.push(event);
    })();
    const result = await engine.profile();
    await collected;
    const t03 = result.tables.find((t) => t.table === 't_03')!;
    expect(t03.status).toBe('succeeded');
    expect(t03.statements.map((s) => s.attempts)).toEqual([2, 2]);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(events[0]!.type).toBe('run_started');
    expect(events.at(-1)!.type).toBe('run_completed');
    expect(events.filter((e) => e.type === 'table_completed')).toHaveLength(30);
  });

  it('writes a table whole or not at all: a failed store write leaves no partial rows and other tables intact', async () => {
    // Create the store first, then make it refuse one table's results half-way through its transaction.
    await new ProfileEngine(ws.config({ profiling: { tables: [{ table: 't_00' }] } }), { adapters: { sqlite } }).profile();
    const Database = (await import('better-sqlite3')).default;
    const store = new Database(ws.results);
    store.exec(`CREATE TRIGGER refuse BEFORE INSERT ON baselinr_results WHEN NEW.dataset_name = 't_05' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    store.close();

    const result = await new ProfileEngine(ws.config(), { adapters: { sqlite } }).profile();
    const t05 = result.tables.find((t) => t.table === 't_05')!;
    expect(t05.status).toBe('failed');
    expect(t05.error).toMatchObject({ kind: 'store', message: expect.stringContaining('disk full') });
    expect(result.succeeded).toBe(29);
    const rows = ws.results_db((db) => ({
      runs: db.prepare(`SELECT COUNT(*) AS n FROM baselinr_runs WHERE run_id = ? AND dataset_name = 't_05'`).get(result.runId),
      others: db.prepare(`SELECT COUNT(DISTINCT dataset_name) AS n FROM baselinr_results WHERE run_id = ?`).get(result.runId),
    }));
    expect(rows).toEqual({ runs: { n: 0 }, others: { n: 29 } });
  });

  it('cancels: stops intake, marks the run cancelled, and stores no half-profiled table as succeeded', async () => {
    const controller = new AbortController();
    const { adapter } = instrument(sqlite, { ceiling: 64 });
    const engine = new ProfileEngine(ws.config({ execution: { max_workers: 2 } }), { adapters: { sqlite: adapter }, signal: controller.signal });
    let completed = 0;
    engine.on('table_completed', () => {
      if (++completed === 3) controller.abort();
    });
    const result = await engine.profile();
    expect(result.status).toBe('cancelled');
    expect(result.tables.length).toBeLessThan(30);
    expect(result.succeeded + result.cancelled + result.failed).toBe(result.tables.length);
    for (const t of result.tables.filter((t) => t.status === 'cancelled')) expect(t.columns).toEqual([]);
  });

  it('describes tables in batches of batch_size', async () => {
    let describes = 0;
    const { adapter } = instrument(sqlite);
    const counting = {
      ...adapter,
      connect: async (c: never, o: never) => {
        const s = await adapter.connect(c, o);
        return {
          ...s,
          dialect: s.dialect,
          defaultSchema: s.defaultSchema,
          describeTables: (r: never, sig: never) => {
            describes++;
            return s.describeTables(r, sig);
          },
        };
      },
    };
    const result = await new ProfileEngine(ws.config({ execution: { batch_size: 7 } }), { adapters: { sqlite: counting as typeof adapter } }).profile();
    expect(result.succeeded).toBe(30);
    expect(describes).toBe(Math.ceil(30 / 7));
  });
});

describe('redaction of adapter-declared secrets', () => {
  it('hides values of keys an adapter declares secret, in failures and in errors thrown before profiling', async () => {
    const declared = { ...sqlite, secretOptions: ['warehouse_pin'] };
    const config = ws.config({ source: { type: 'sqlite', filepath: `${ws.dir}/pin-4921-missing.db`, extra_params: { warehouse_pin: 'pin-4921' } } });
    const engine = new ProfileEngine(config, { adapters: { sqlite: declared } });
    const error = await engine.profile().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/no SQLite database at .*\*\*\*-missing\.db/);
    expect(engine.redact('pin-4921')).toBe('***');
  });
});
