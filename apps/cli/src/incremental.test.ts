import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let dir: string;
const TABLES = ['t_a', 't_b', 't_c'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-incremental-'));
  const db = new Database(join(dir, 'warehouse.db'));
  for (const t of TABLES) db.exec(`CREATE TABLE ${t} (id INTEGER); INSERT INTO ${t} VALUES (1), (2);`);
  db.close();
  writeFileSync(
    join(dir, 'config.yml'),
    'source: { type: sqlite, filepath: warehouse.db }\nstorage: { connection: { type: sqlite, filepath: results.db } }\nincremental: { enabled: true }\n',
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const code = await runCli([...args, '--config', join(dir, 'config.yml')], { out: (t) => out.push(t), err: () => undefined });
  return { code, text: out.join('\n') };
}

describe('incremental profiling in the CLI', () => {
  it('plan names the tables it would skip, profile counts them, --full profiles them anyway', async () => {
    expect((await cli('plan')).text).toContain('Incremental: 0 table(s) skipped as unchanged, 3 to profile\n  profile 3: no_previous_state');
    expect((await cli('profile')).code).toBe(0);

    const plan = await cli('plan');
    expect(plan.text).toContain('Incremental: 3 table(s) skipped as unchanged, 0 to profile');
    expect(plan.text).toMatch(/skip main\.t_a: unchanged since run [0-9a-f-]{36}/);
    const planJson = JSON.parse((await cli('plan', '--json')).text) as { tables: unknown[]; incremental: { skipped: Array<{ table: string; reason: string }> } };
    expect(planJson.tables).toEqual([]);
    expect(planJson.incremental.skipped.map((s) => [s.table, s.reason])).toEqual(TABLES.map((t) => [t, 'snapshot_match']));

    const second = await cli('profile');
    expect(second.code).toBe(0);
    expect(second.text).toContain('Profiling completed: 0 succeeded, 0 failed, 3 skipped (unchanged)');
    const json = JSON.parse((await cli('profile', '--json')).text) as { summary: object; incremental: { skipped: unknown[] } };
    expect(json.summary).toEqual({ succeeded: 0, failed: 0, cancelled: 0, skipped: 3 });
    expect(json.incremental.skipped).toHaveLength(3);

    const full = await cli('profile', '--full');
    expect(full.text).toContain('Profiling completed: 3 succeeded, 0 failed');
    expect(full.text).toContain('Incremental profiling: --full: every table is profiled.');
  });
});
