import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

/** SQLite ignores a password, so the run succeeds whatever it is: only redaction could change the output. */
function warehouseWithPassword(password: string): Workspace {
  const rows = Array.from({ length: 100 }, (_, i) => `(${i}, 'postgres adapter ${i}')`).join(', ');
  const made = smallWarehouse(`CREATE TABLE main_1 (id INTEGER, note TEXT); INSERT INTO main_1 VALUES ${rows};`);
  writeFileSync(made.config, readFileSync(made.config, 'utf8').replace('filepath: warehouse.db', `filepath: warehouse.db, password: ${JSON.stringify(password)}`));
  return made;
}

describe('a password never rewrites what Baselinr prints', () => {
  for (const password of ['1', '0', 'p', 'a', 'postgres', 'main', 'succeeded', 'rows']) {
    it(`password ${JSON.stringify(password)}: counts, run id, words and JSON come out as they are`, async () => {
      ws = warehouseWithPassword(password);
      const json = await cli('profile', '--config', ws.config, '--json', '--log-format', 'json');
      expect(json.code).toBe(0);
      const result = JSON.parse(json.out);
      expect(result).toMatchObject({ status: 'succeeded', warehouse: 'sqlite', workers: { requested: 1 }, summary: { succeeded: 1, failed: 0 } });
      expect(result.tables[0]).toMatchObject({ schema: 'main', table: 'main_1', rowCount: 100, columnCount: 2 });
      const stored = ws.results((db) => db.prepare('SELECT run_id FROM baselinr_runs').all()) as Array<{ run_id: string }>;
      expect(stored.map((r) => r.run_id)).toEqual([result.runId]);
      for (const line of json.err.split('\n')) expect(() => JSON.parse(line)).not.toThrow();

      const text = await cli('profile', '--config', ws.config);
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/main\.main_1\s+succeeded\s+100\s+2\s/);
      expect(text.out).toContain('Profiling completed: 1 succeeded, 0 failed');
      expect(text.err).toContain('1 table(s) on sqlite');
      expect(`${json.out}${json.err}${text.out}${text.err}`).not.toContain('***');
    });
  }
});
