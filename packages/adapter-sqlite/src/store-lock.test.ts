import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileEngine } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { workspace, type Workspace } from './test-support/fixtures.js';

let ws: Workspace;

beforeEach(() => {
  ws = workspace();
  for (let i = 0; i < 3; i++) {
    ws.exec(`CREATE TABLE t${i} (id INTEGER)`);
    ws.exec(`INSERT INTO t${i} VALUES (?)`, [[1], [2]]);
  }
});
afterEach(() => ws.cleanup());

/** Another program holding the store's write lock for `ms` (its own process, as a SQLite browser or a backup would). */
async function holdWriteLock(filepath: string, ms: number) {
  const script = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, filepath, String(ms)], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  expect(line.toString().trim()).toBe('locked');
  return { released: once(child, 'exit') };
}

describe('a results store locked by another program', () => {
  it('is waited for: every table is stored once the lock is released, none is lost', async () => {
    const engine = () => new ProfileEngine(ws.config(), { adapters: { sqlite } });
    // The store exists (its tables created) before the other program locks it.
    expect((await engine().profile()).succeeded).toBe(3);
    // Four times the driver's 5 s busy timeout: every write fails at least once before the lock goes.
    const lock = await holdWriteLock(ws.results, 20_000);
    const result = await engine().profile();
    await lock.released;
    expect(result.tables.map((t) => [t.table, t.status, t.error?.message])).toEqual([
      ['t0', 'succeeded', undefined],
      ['t1', 'succeeded', undefined],
      ['t2', 'succeeded', undefined],
    ]);
    const stored = ws.results_db((db) => db.prepare('SELECT dataset_name, status FROM baselinr_runs WHERE run_id = ? ORDER BY dataset_name').all(result.runId));
    expect(stored).toEqual(['t0', 't1', 't2'].map((t) => ({ dataset_name: t, status: 'completed' })));
    const summary = ws.results_db((db) => db.prepare('SELECT status FROM baselinr_run_summaries WHERE run_id = ?').get(result.runId));
    expect(summary).toEqual({ status: 'succeeded' });
  }, 120_000);
});
