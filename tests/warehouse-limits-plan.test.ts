import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from 'baselinr';
import { createTables, PG, pgScratch, type PgScratch } from './pg-support.js';

let scratch: PgScratch;
beforeEach(async () => {
  scratch = await pgScratch('wl_plan');
  await createTables(scratch, 2, 10);
});
afterEach(() => scratch.drop());

function plan(execution: string) {
  const path = join(scratch.dir, 'config.yml');
  writeFileSync(
    path,
    `source: { type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, schema: ${scratch.schema} }\n` +
      `storage: { connection: { type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, schema: ${scratch.schema} } }\nexecution: ${execution}\n`,
  );
  const out: string[] = [];
  return runCli(['plan', '--config', path, '--json'], { out: (t) => out.push(t), err: () => {} }).then((code) => ({ code, json: JSON.parse(out.join('\n')) }));
}

describe('plan on PostgreSQL with warehouse_limits', () => {
  it('max_workers 4 with warehouse_limits { postgres: 8 } runs 8 workers', async () => {
    const { code, json } = await plan('{ max_workers: 4, warehouse_limits: { postgres: 8 } }');
    expect(code).toBe(0);
    expect(json).toMatchObject({ requestedWorkers: 8, effectiveWorkers: 8, clamps: [], requestedBy: 'execution.warehouse_limits.postgres (overrides max_workers 4)' });
  });

  it('an override above the pool is still clamped by it, with the reason', async () => {
    const { json } = await plan('{ max_workers: 4, warehouse_limits: { postgres: 30 } }');
    expect(json.effectiveWorkers).toBe(18);
    expect(json.clamps).toEqual([expect.objectContaining({ from: 30, to: 18, by: 'pool_policy' })]);
  });
});
