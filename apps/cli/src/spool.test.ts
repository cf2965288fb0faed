import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
let release: (() => Promise<void>) | undefined;
afterEach(async () => {
  await release?.();
  vi.unstubAllEnvs();
  ws?.cleanup();
  [ws, release] = [undefined, undefined];
});

/** Another program holding the store's write lock (its own process, as a SQLite browser would) until released. */
async function lockStore(filepath: string): Promise<() => Promise<void>> {
  const script = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked');
    process.stdin.on('data', () => {}); process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); });`;
  const child = spawn(process.execPath, ['-e', script, filepath], { cwd: new URL('..', import.meta.url), stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  expect(line.toString().trim()).toBe('locked');
  return async () => {
    child.stdin.end();
    await exited;
  };
}

const secret = 'Zt9-spool-secret';
const storedRows = (w: Workspace, runId: string) =>
  w.results((db) => ({
    runs: db.prepare('SELECT dataset_name, status FROM baselinr_runs WHERE run_id = ? ORDER BY dataset_name').all(runId),
    results: db.prepare('SELECT dataset_name, column_name, metric_name, metric_value FROM baselinr_results WHERE run_id = ? ORDER BY dataset_name, id').all(runId),
  }));

describe('a results store that stays locked', () => {
  it('keeps the profiles in a spool that `store flush` and the next run write, once and only once', async () => {
    ws = smallWarehouse("CREATE TABLE a (id INTEGER, big INTEGER); INSERT INTO a VALUES (1, 9007199254740993), (2, NULL); CREATE TABLE b (name TEXT); INSERT INTO b VALUES ('x');");
    // A password the source ignores: it must reach no spool file.
    writeFileSync(ws.config, readFileSync(ws.config, 'utf8').replace('filepath: warehouse.db }', `filepath: warehouse.db, password: ${secret} }`));
    const first = await cli('profile', '--config', ws.config, '--json');
    expect(first.code).toBe(0);
    const clean = storedRows(ws, JSON.parse(first.out).runId);

    release = await lockStore(join(ws.dir, '.baselinr/results.db'));
    // No waiting beyond the driver's own busy timeout: the table goes to the spool at once.
    vi.stubEnv('BASELINR_STORE_BUSY_SECONDS', '0');
    const locked = await cli('profile', '--config', ws.config, '--json');
    expect(locked.code).toBe(1);
    const spoolDir = join(ws.dir, '.baselinr/spool');
    const run = JSON.parse(locked.out);
    expect(run.spooled).toEqual({ dir: spoolDir, tables: 2 });
    expect(run.tables.map((t: { table: string; status: string; spooled?: string }) => [t.table, t.status, t.spooled?.startsWith(spoolDir)])).toEqual([
      ['a', 'succeeded', true],
      ['b', 'succeeded', true],
    ]);
    expect(locked.err).toContain(`kept in the spool ${spoolDir}`);
    expect(locked.err).toContain(`baselinr store flush --config ${ws.config}`);
    const files = readdirSync(spoolDir);
    // Two tables and the run's summary; whole files only, readable by their owner alone, no secret.
    expect(files.filter((f) => f.startsWith('table_run-'))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('run_summary-'))).toHaveLength(1);
    expect(files.every((f) => f.endsWith('.json'))).toBe(true);
    for (const f of files) {
      expect(statSync(join(spoolDir, f)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(spoolDir, f), 'utf8')).not.toContain(secret);
    }
    expect(storedRows(ws, run.runId).runs).toEqual([]);

    // A crash after the store took a record but before its file was removed: the copy comes back later.
    const tableFile = files.find((f) => f.startsWith('table_run-'))!;
    const survivor = join(ws.dir, 'survivor.json');
    copyFileSync(join(spoolDir, tableFile), survivor);
    // A crash while writing a spool file leaves a partial file under a temporary name (of a process now gone).
    writeFileSync(join(spoolDir, `${tableFile}.999999999.tmp`), '{"format":1,"store":"sq');

    await release();
    release = undefined;
    const flushed = await cli('store', 'flush', '--config', ws.config);
    expect([flushed.code, flushed.out]).toEqual([0, `spool ${spoolDir}: 3 record(s) written to the results store, 1 incomplete file(s) of a crashed write removed`]);
    expect(readdirSync(spoolDir)).toEqual([]);
    // Exactly what a run with a free store stores, exact big integers included.
    const stored = storedRows(ws, run.runId);
    expect(stored.runs).toEqual([
      { dataset_name: 'a', status: 'completed' },
      { dataset_name: 'b', status: 'completed' },
    ]);
    expect(stored.results).toEqual(clean.results);
    const query = JSON.parse((await cli('query', 'run', run.runId, '--config', ws.config, '--json')).out);
    expect(query).toMatchObject({ runId: run.runId, runStatus: 'succeeded', tables: [{ table: 'a' }, { table: 'b' }] });

    // The next run writes what is spooled first; a record the store already has is not written twice.
    copyFileSync(survivor, join(spoolDir, tableFile));
    vi.unstubAllEnvs();
    const next = await cli('profile', '--config', ws.config);
    expect(next.code).toBe(0);
    expect(next.err).toContain(`spool ${spoolDir}: 0 record(s) written to the results store, 1 already there (not written twice)`);
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(storedRows(ws, run.runId)).toEqual(stored);
    expect((await cli('store', 'flush', '--config', ws.config)).out).toBe(`spool ${spoolDir}: 0 record(s) written to the results store`);
  }, 120_000);

  it('leaves a file that is not a spooled record in place and says so (exit 1)', async () => {
    ws = smallWarehouse('CREATE TABLE a (id INTEGER);');
    expect((await cli('profile', '--config', ws.config)).code).toBe(0);
    const spoolDir = join(ws.dir, '.baselinr/spool');
    const stray = join(spoolDir, 'table_run-stray.json');
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(stray, 'not json');
    const flushed = await cli('store', 'flush', '--config', ws.config);
    expect([flushed.code, flushed.out]).toEqual([1, `spool ${spoolDir}: 0 record(s) written to the results store\nnot a spooled record (left in place): ${stray}`]);
    expect(readdirSync(spoolDir)).toEqual(['table_run-stray.json']);
  });

  it('a busy window that is not a number of seconds is a usage error naming the variable', async () => {
    ws = smallWarehouse('CREATE TABLE a (id INTEGER);');
    vi.stubEnv('BASELINR_STORE_BUSY_SECONDS', 'soon');
    const run = await cli('profile', '--config', ws.config);
    expect(run.code).toBe(2);
    expect(run.err).toContain('BASELINR_STORE_BUSY_SECONDS must be a number of seconds from 0 to 86400');
  });
});
