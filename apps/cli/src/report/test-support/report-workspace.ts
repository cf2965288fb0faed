import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, quickstartCopy, type CliRun, type Workspace } from '../../test-support/cli-harness.js';

export const HOSTILE_TABLE = '<script>alert(1)</script>';

/**
 * The quickstart profiled twice: the first run as built; before the second, orders.total shifted
 * by 250 (drift), a view that fails when read (a failed table) and a table with a hostile name.
 * The second run writes its report with `profile --report`.
 */
export async function twoRunQuickstart(): Promise<{ demo: Workspace; first: CliRun; second: CliRun; report: string; runIds: string[] }> {
  const demo = quickstartCopy();
  const first = await cli('profile', '--config', demo.config, '--quiet');
  demo.warehouse((db) =>
    db.exec(`
      UPDATE orders SET total = total + 250;
      CREATE VIEW broken AS SELECT json_extract(x, '$.a') AS j FROM (SELECT 'not json' AS x);
      CREATE TABLE "${HOSTILE_TABLE}" (x INTEGER);
      INSERT INTO "${HOSTILE_TABLE}" VALUES (1), (2), (3);
    `),
  );
  const report = join(demo.dir, 'reports', 'second.html');
  const second = await cli('profile', '--config', demo.config, '--quiet', '--report', report);
  const runIds = demo.results((db) => (db.prepare('SELECT run_id FROM baselinr_run_summaries ORDER BY started_at').all() as Array<{ run_id: string }>).map((r) => r.run_id));
  return { demo, first, second, report, runIds };
}

export const readReport = (path: string) => readFileSync(path, 'utf8');
