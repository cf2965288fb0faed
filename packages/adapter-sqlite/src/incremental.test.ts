import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileEngine, summaryLine, type ProfileEngineOptions } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { instrument } from './test-support/instrumented.js';
import { workspace, type Workspace } from './test-support/fixtures.js';

let ws: Workspace;
const names = ['a', 'b', 'c', 'd', 'e'];

beforeEach(() => {
  ws = workspace();
  for (const name of names) {
    ws.exec(`CREATE TABLE ${name} (id INTEGER, v REAL)`);
    ws.exec(`INSERT INTO ${name} VALUES (?, ?)`, [
      [1, 0.5],
      [2, 1.5],
    ]);
  }
});
afterEach(() => ws.cleanup());

type StateRow = { table_name: string; last_run_id: string; snapshot_id: string | null; decision: string; decision_reason: string; metadata: string };

const states = () =>
  ws.results_db((db) =>
    db.prepare('SELECT table_name, last_run_id, snapshot_id, decision, decision_reason, metadata FROM baselinr_table_state ORDER BY table_name').all(),
  ) as StateRow[];

async function run(overrides: Record<string, unknown> = {}, options: ProfileEngineOptions = {}) {
  const { adapter, stats } = instrument(sqlite);
  const config = ws.config({ incremental: { enabled: true }, ...overrides });
  const result = await new ProfileEngine(config, { ...options, adapters: { sqlite: adapter } }).profile();
  return { result, statements: stats.statements };
}

describe('incremental profiling on a real SQLite file (rollback journal)', () => {
  it('skips every table of an unchanged file without a statement, and profiles them again after a write', async () => {
    const first = await run();
    expect(first.result.succeeded).toBe(5);
    expect(first.result.skipped).toEqual([]);
    expect(states().map((s) => [s.table_name, s.decision, s.decision_reason])).toEqual(names.map((n) => [n, 'full', 'no_previous_state']));

    const second = await run();
    expect(second.statements).toBe(0);
    expect(second.result.tables).toEqual([]);
    expect(second.result.skipped.map((s) => [s.table, s.reason, s.lastRunId])).toEqual(names.map((n) => [n, 'snapshot_match', first.result.runId]));
    expect(summaryLine(second.result)).toBe('Profiling completed: 0 succeeded, 0 failed, 5 skipped (unchanged)');
    // The skip is recorded, and the first run's results stay the reference.
    expect(states().every((s) => s.decision === 'skip' && s.last_run_id === first.result.runId)).toBe(true);
    expect(JSON.parse(states()[0]!.metadata).skipped_by).toBe(second.result.runId);
    const runRows = ws.results_db((db) => db.prepare('SELECT COUNT(*) AS n FROM baselinr_runs').get()) as { n: number };
    expect(runRows.n).toBe(5);

    // The signal is the whole file's: one write profiles all of its tables again.
    ws.exec('UPDATE c SET v = 9 WHERE id = 1');
    const third = await run();
    expect(third.result.succeeded).toBe(5);
    expect(third.statements).toBeGreaterThan(0);
    expect(states().map((s) => s.decision_reason)).toEqual(names.map(() => 'change_detected'));
    expect(third.result.tables.find((t) => t.table === 'c')?.columns.find((c) => c.column === 'v')?.metrics.max).toBe(9);
  });

  it('profiles everything with `full`, and again when the profiling settings change', async () => {
    await run();
    const full = await run({}, { full: true });
    expect(full.result.succeeded).toBe(5);
    expect(full.result.incremental.inactive).toContain('--full');
    expect(states().map((s) => s.decision_reason)).toEqual(names.map(() => 'full_requested'));
    // --full recorded the tokens, so the next run skips again.
    expect((await run()).result.skipped).toHaveLength(5);

    const changed = await run({ profiling: { metrics: ['count', 'null_count'] } });
    expect(changed.result.succeeded).toBe(5);
    expect(states().map((s) => s.decision_reason)).toEqual(names.map(() => 'settings_changed'));
  });

  it('treats a file in WAL mode as unknown and profiles every table', async () => {
    ws.exec('PRAGMA journal_mode = WAL');
    await run();
    const second = await run();
    expect(second.result.succeeded).toBe(5);
    expect(second.result.skipped).toEqual([]);
    expect(states().every((s) => s.decision_reason === 'signal_unknown' && s.snapshot_id === null)).toBe(true);
    expect(JSON.parse(states()[0]!.metadata).unknown).toContain('WAL');
  });

  it('leaves the store without a state table when incremental profiling is off', async () => {
    const { result } = await run({ incremental: { enabled: false } });
    expect(result.succeeded).toBe(5);
    expect(result.incremental.enabled).toBe(false);
    const tables = ws.results_db((db) => db.prepare("SELECT name FROM sqlite_master WHERE name = 'baselinr_table_state'").all());
    expect(tables).toEqual([]);
  });
});
