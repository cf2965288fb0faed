import type { PgScratch } from './pg-support.js';

/**
 * `count` views over one small table whose every scan first sleeps `seconds` on the server: each
 * profiling statement lasts long enough for statements of several processes to overlap, at almost
 * no CPU cost (the machine is shared). Returns the view names.
 */
export async function createSlowViews(scratch: PgScratch, count: number, seconds: number): Promise<string[]> {
  const q = `"${scratch.schema}"`;
  await scratch.sql(`CREATE TABLE ${q}.base AS SELECT g AS id, g % 7 AS qty, md5(g::text) AS label FROM generate_series(1, 200) g`);
  const names = Array.from({ length: count }, (_, i) => `v_${String(i).padStart(2, '0')}`);
  for (const name of names) {
    // MATERIALIZED: the sleep runs once per scan, not once per row.
    await scratch.sql(`CREATE VIEW ${q}."${name}" AS WITH pause AS MATERIALIZED (SELECT pg_sleep(${seconds})) SELECT b.* FROM ${q}.base b, pause`);
  }
  return names;
}
