import { afterEach, describe, expect, it } from 'vitest';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

const ddl = 'CREATE TABLE orders (id INTEGER); INSERT INTO orders VALUES (1); CREATE TABLE customers (id INTEGER);';
const storedRuns = (w: Workspace) => w.results((db) => (db.prepare('SELECT COUNT(*) AS n FROM baselinr_run_summaries').get() as { n: number }).n);

describe('a selection that matches nothing is not a success', () => {
  const nothing: Array<[string, string, string[], RegExp]> = [
    ['a misspelled schema', 'profiling: { tables: [{ schema: mian, select_schema: true }] }', [], /select_schema: schema "mian" has no tables or does not exist/],
    ['a pattern with no match', 'profiling: { tables: [{ pattern: "ordrs_*" }] }', [], /wildcard pattern "ordrs_\*" matches none of the 2 table\(s\) in schema "main"/],
    ['--table nonexist', '', ['--table', 'nonexist'], /--table "nonexist" matches no table the config selects/],
  ];
  for (const [name, body, flags, message] of nothing) {
    it(`${name}: exits 2 naming the entry, and records no run`, async () => {
      ws = smallWarehouse(ddl, body);
      const run = await cli('profile', '--config', ws.config, ...flags);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(message);
      expect(run.err).toContain('the selection matches no table');
      expect(run.out).not.toContain('succeeded');
      expect(storedRuns(ws)).toBe(0);
      const plan = await cli('plan', '--config', ws.config, ...flags);
      expect(plan.code).toBe(2);
      expect(plan.err).toMatch(message);
    });
  }

  it('names each entry that matched nothing while the others are profiled', async () => {
    ws = smallWarehouse(
      ddl,
      'profiling: { tables: [{ table: orders }, { pattern: "zz_*" }, { schema: salse, select_schema: true }, { pattern: "cust*", exclude_patterns: ["cust*"] }] }',
    );
    const run = await cli('profile', '--config', ws.config, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).summary).toMatchObject({ succeeded: 1, failed: 0 });
    expect(run.err).toMatch(/matched nothing: wildcard pattern "zz_\*" matches none/);
    expect(run.err).toMatch(/matched nothing: select_schema: schema "salse" has no tables or does not exist/);
    expect(run.err).toMatch(/matched nothing: wildcard pattern "cust\*" in schema "main": all 1 matching table\(s\) are excluded by exclude_patterns/);
    const plan = await cli('plan', '--config', ws.config, '--json', '--table', 'orders', '--table', 'ordres');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out).unmatched).toContain('--table "ordres" matches no table the config selects');
  });
});
