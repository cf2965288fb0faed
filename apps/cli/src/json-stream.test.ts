import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let dir: string;
const TABLES = ['t_a', 't_b', 't_c', 't_d'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-json-stream-'));
  const db = new Database(join(dir, 'warehouse.db'));
  for (const [i, t] of TABLES.entries()) {
    db.exec(`CREATE TABLE ${t} (id INTEGER, label TEXT)`);
    const insert = db.prepare(`INSERT INTO ${t} VALUES (?, ?)`);
    for (let r = 0; r < 10 * (i + 1); r++) insert.run(r, r % 3 === 0 ? null : `v${r}`);
  }
  db.close();
  writeFileSync(join(dir, 'config.yml'), 'source: { type: sqlite, filepath: warehouse.db }\nstorage: { connection: { type: sqlite, filepath: results.db } }\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Each write to stdout, in order, with the tables that had finished when it was written. */
async function profile(flag: string) {
  const writes: string[] = [];
  const code = await runCli(['profile', '--config', join(dir, 'config.yml'), flag], { out: (t) => writes.push(t), err: () => undefined });
  return { code, writes };
}

describe('profile --json streams', () => {
  it('one document, each table written as it finishes, with the whole of its metrics', async () => {
    const { code, writes } = await profile('--json');
    expect(code).toBe(0);
    // Written piece by piece, not as one string at the end: the opening, each table, the run's keys.
    expect(writes.length).toBe(TABLES.length + 2);
    const doc = JSON.parse(writes.join('\n')) as {
      tables: Array<{ table: string; rowCount: number; columns: Array<{ metrics: Record<string, unknown> }> }>;
      summary: object;
      runId: string;
    };
    expect(doc.tables.map((t) => [t.table, t.rowCount]).sort()).toEqual(TABLES.map((t, i) => [t, 10 * (i + 1)]));
    expect(doc.tables.every((t) => t.columns.length === 2 && t.columns[0]!.metrics.null_count !== undefined)).toBe(true);
    expect(doc.summary).toEqual({ succeeded: TABLES.length, failed: 0, cancelled: 0, skipped: 0 });
    expect(doc.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('--json-lines: one object per table as it finishes, then the run', async () => {
    const { code, writes } = await profile('--json-lines');
    expect(code).toBe(0);
    const lines = writes.map((w) => JSON.parse(w) as { type: string; table?: string; summary?: object });
    expect(
      lines
        .slice(0, -1)
        .map((l) => [l.type, l.table])
        .sort(),
    ).toEqual(TABLES.map((t) => ['table', t]));
    expect(lines.at(-1)).toMatchObject({ type: 'run', summary: { succeeded: TABLES.length, failed: 0, cancelled: 0 } });
  });
});
