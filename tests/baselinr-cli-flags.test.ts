import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from 'baselinr';
import { createTables, PG, pgScratch, type PgScratch } from './pg-support.js';

// Baselinr's CLI flags, on the real PostgreSQL: two profiled runs with drift between them.
let scratch: PgScratch;
let config: string;
const runIds: string[] = [];

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  scratch = await pgScratch('bflags');
  await createTables(scratch, 2, 40);
  const connection = `{ type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, schema: ${scratch.schema} }`;
  config = join(scratch.dir, 'config.yml');
  writeFileSync(config, `source: ${connection}\nstorage: { connection: ${connection} }\nprofiling: { tables: [{ pattern: 't_*', schema: ${scratch.schema} }] }\n`);
  for (const round of [1, 2]) {
    const file = join(scratch.dir, `run-${round}.json`);
    const run = await cli('profile', '-c', config, '-o', file, '--quiet');
    expect(run.code).toBe(0);
    runIds.push(JSON.parse(readFileSync(file, 'utf8')).runId);
    await scratch.sql(`UPDATE "${scratch.schema}".t_00 SET qty = qty * 10 + 5000`);
  }
});
afterAll(() => scratch.drop());

describe("Baselinr's CLI flags", () => {
  it('profile -o FILE writes the JSON result, and stdout stays text', () => {
    expect(runIds).toHaveLength(2);
    expect(runIds[0]).not.toBe(runIds[1]);
    const written = JSON.parse(readFileSync(join(scratch.dir, 'run-1.json'), 'utf8'));
    expect(written.tables.map((t: { table: string }) => t.table).sort()).toEqual(['t_00', 't_01']);
  });

  it('profile --dry-run profiles and writes nothing to the results store', async () => {
    const stored = async () => Number((await scratch.sql(`SELECT COUNT(*) AS n FROM "${scratch.schema}".baselinr_runs`)).rows[0].n);
    const before = await stored();
    const { code, out } = await cli('profile', '-c', config, '--dry-run', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ status: 'succeeded', resultsStore: 'nowhere (--dry-run)' });
    expect(result.tables).toHaveLength(2);
    expect(await stored()).toBe(before);
    expect((await cli('profile', '-c', config, '--dry-run', '--detect-drift')).code).toBe(2);
  });

  it('plan -o json prints the plan as JSON', async () => {
    const { code, out } = await cli('plan', '-c', config, '-o', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out).tables).toHaveLength(2);
  });

  it('drift -d NAME -s SCHEMA -b RUN --current RUN --fail-on-drift exits 1 on high drift', async () => {
    const { code, out } = await cli('drift', '-c', config, '-d', 't_00', '-s', scratch.schema, '-b', runIds[0]!, '--current', runIds[1]!, '--fail-on-drift', '--json');
    expect(JSON.parse(out).events.some((e: { severity: string; table: string }) => e.severity === 'high' && e.table === 't_00')).toBe(true);
    expect(code).toBe(1);
    expect((await cli('drift', '-c', config, '-s', scratch.schema)).code).toBe(2);
  });

  it('query runs --schema --table --status completed --environment --days --limit --offset --format csv', async () => {
    const args = ['query', 'runs', '-c', config, '--schema', scratch.schema, '--table', 't_00', '--status', 'completed', '--environment', 'development', '--days', '1'];
    const { code, out } = await cli(...args, '--limit', '1', '--offset', '1', '--format', 'csv');
    expect(code).toBe(0);
    const [header, ...rows] = out.split('\n');
    expect(header).toBe('run_id,schema,table,profiled_at,environment,status,row_count,column_count,duration_seconds,error');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.startsWith(`${runIds[0]},${scratch.schema},t_00,`)).toBe(true);
    expect(JSON.parse((await cli(...args, '--format', 'json')).out).map((r: { runId: string }) => r.runId)).toEqual([runIds[1], runIds[0]]);
    expect(JSON.parse((await cli(...args, '--environment', 'production', '--format', 'json')).out)).toEqual([]);
  });

  it('query run --run-id --table, and query table --table --schema', async () => {
    const run = await cli('query', 'run', '-c', config, '--run-id', runIds[1]!, '--table', 't_01', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).tables.map((t: { table: string }) => t.table)).toEqual(['t_01']);
    const table = await cli('query', 'table', '-c', config, '--table', 't_00', '--schema', scratch.schema, '--metric', 'mean', '--column', 'qty', '--format', 'json');
    expect(table.code).toBe(0);
    expect(JSON.parse(table.out).runs).toBe(2);
    expect((await cli('query', 'run', '-c', config)).code).toBe(2);
  });

  it('query drift --table --severity --days --format json lists the stored events, newest first', async () => {
    const { code, out } = await cli('query', 'drift', '-c', config, '--table', 't_00', '--severity', 'high', '--days', '1', '--format', 'json');
    expect(code).toBe(0);
    const events = JSON.parse(out);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { table: string; severity: string; runId: string }) => e.table === 't_00' && e.severity === 'high' && e.runId === runIds[1])).toBe(true);
    expect(JSON.parse((await cli('query', 'drift', '-c', config, '--table', 't_01', '--format', 'json')).out)).toEqual([]);
  });

  it('status shows the recent runs and the drift summary', async () => {
    const { code, out } = await cli('status', '-c', config, '--json');
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(new Set(status.runs.map((r: { runId: string }) => r.runId))).toEqual(new Set(runIds));
    expect(status.drift.high).toBeGreaterThan(0);
    expect(status.drift.datasets).toEqual([`${scratch.schema}.t_00`]);
    const text = await cli('status', '-c', config, '--drift-only');
    expect(text.out).toMatch(/^Drift \(last 7 day\(s\)\): \d+ event\(s\), \d+ high/);
  });
});
