import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from 'baselinr';
import { createTables, PG, pgScratch, type PgScratch } from './pg-support.js';

let scratch: PgScratch;
beforeEach(async () => {
  scratch = await pgScratch('rs_wire_plan');
  await createTables(scratch, 3, 10);
});
afterEach(() => scratch.drop());

/** `baselinr plan --json` with a config as Baselinr (Python) writes it for Redshift, at the local PostgreSQL. */
async function plan(source: string): Promise<{ code: number; out: string; err: string }> {
  const path = join(scratch.dir, 'config.yml');
  writeFileSync(
    path,
    `source: { ${source} }\n` +
      `storage: { connection: { type: sqlite, database: results, filepath: ${join(scratch.dir, 'results.db')} } }\n` +
      `profiling: { tables: [ { schema: ${scratch.schema}, select_schema: true } ] }\n`,
  );
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['plan', '--config', path, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('plan with a Baselinr-style Redshift config (host, port, username, password, database)', () => {
  it('reaches PostgreSQL over the wire protocol and lists the tables', async () => {
    const { code, out } = await plan(`type: redshift, host: ${PG.host}, port: ${PG.port}, username: root, password: x, database: ${PG.database}`);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.warehouse).toBe('redshift');
    expect(json.tables.map((t: { table: string }) => t.table)).toEqual(['t_00', 't_01', 't_02']);
  });

  it('a Data API key beside host is a config error, exit code 2, naming the key and the fix', async () => {
    const { code, err } = await plan(`type: redshift, host: ${PG.host}, port: ${PG.port}, username: root, database: ${PG.database}, extra_params: { workgroup_name: wg }`);
    expect(code).toBe(2);
    expect(err).toMatch(/source\.extra_params\.workgroup_name: a Data API setting, but source\.host connects over the PostgreSQL wire protocol/);
  });
});
