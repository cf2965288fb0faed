import { hostname } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openResultsStore, ProfileEngine, validateConfig } from '@baselinr/core';
import postgres from '@baselinr/adapter-postgres';
import { ActivitySampler } from './pg-activity.js';
import { CliProcesses, type CliProcess } from './cli-processes.js';
import { PG, pgScratch, type PgScratch } from './pg-support.js';
import { createSlowViews } from './slow-views.js';

const SLOTS = 8;
const PROCESSES = 3;
const VIEWS = 10;
const TTL_SECONDS = 3;
/** The bound docs/orchestration.md states for one process's limiter (LEASE_CONNECTIONS). */
const LEASE_CONNECTION_BOUND = 2;

let scratch: PgScratch;
let processes: CliProcesses;

beforeEach(async () => {
  scratch = await pgScratch('shared');
  processes = new CliProcesses(150_000);
});
afterEach(async () => {
  await processes.killAll();
  await scratch.drop();
});

/** Three processes' configs: one warehouse, one results store, one pool of SLOTS slots (unless `shared` is false), max_workers 8 each. */
async function writeConfig(shared = true): Promise<string> {
  const connection = { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: scratch.schema };
  const config = {
    source: connection,
    storage: { connection },
    profiling: { tables: [{ schema: scratch.schema, pattern: 'v_*' }] },
    execution: { max_workers: 8 },
    ...(shared ? { coordination: { slots: SLOTS, lease_ttl_seconds: TTL_SECONDS } } : {}),
  };
  // The store's tables exist before the processes start, as after any first run.
  await (await openResultsStore(validateConfig(config), { adapters: { postgres } })).close();
  const file = join(scratch.dir, 'config.yml');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

interface JsonResult {
  runId: string;
  status: string;
  summary: { succeeded: number; failed: number };
}

async function finished(run: CliProcess): Promise<JsonResult> {
  const code = await run.exited(120_000);
  expect(code, run.stderr()).toBe(0);
  return JSON.parse(run.stdout()) as JsonResult;
}

/** Slots the process `pid` holds by its leases, judged by the database's clock (none before the first process creates the table). */
async function liveLeasesOf(pid: number): Promise<number> {
  const { rows } = await scratch.sql(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${scratch.schema}".baselinr_slot_leases`]);
  if (!(rows[0] as { present: boolean }).present) return 0;
  const live = await scratch.sql(
    `SELECT count(*)::int AS n FROM "${scratch.schema}".baselinr_slot_leases WHERE owner LIKE $1 AND holder IS NOT NULL AND expires_ms > FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)`,
    [`${hostname()}:${pid} %`],
  );
  return (live.rows[0] as { n: number }).n;
}

async function storedTables(runIds: readonly string[]): Promise<Record<string, number>> {
  const { rows } = await scratch.sql(`SELECT run_id, count(*)::int AS n FROM "${scratch.schema}".baselinr_runs WHERE run_id = ANY($1) AND status = 'completed' GROUP BY run_id`, [
    runIds,
  ]);
  return Object.fromEntries((rows as Array<{ run_id: string; n: number }>).map((r) => [r.run_id, r.n]));
}

describe('warehouse limits shared by processes (coordination on PostgreSQL)', () => {
  it(`three profile processes with max_workers 8 never run more than the pool's ${SLOTS} statements at once`, { timeout: 180_000 }, async () => {
    await createSlowViews(scratch, VIEWS, 0.4);
    const config = await writeConfig();
    const sampler = new ActivitySampler(`"${scratch.schema}".`);
    await sampler.start();
    const runs = Array.from({ length: PROCESSES }, () => processes.start('profile', '--config', config, '--json'));
    const results = await Promise.all(runs.map(finished));
    const peaks = await sampler.stop();
    console.info(`shared pool: ${peaks.samples} samples, peak ${peaks.profiling} profiling statements at once, peak ${peaks.leaseConnections} limiter connections per process`);

    for (const result of results) expect(result.summary).toMatchObject({ succeeded: VIEWS, failed: 0 });
    expect(Object.values(await storedTables(results.map((r) => r.runId)))).toEqual(Array(PROCESSES).fill(VIEWS));
    expect(peaks.profiling).toBeLessThanOrEqual(SLOTS);
    // The processes did overlap: more statements ran at once than any one of them would alone with one slot.
    expect(peaks.profiling).toBeGreaterThan(1);
    expect(peaks.leaseConnections).toBeGreaterThan(0);
    expect(peaks.leaseConnections).toBeLessThanOrEqual(LEASE_CONNECTION_BOUND);
    // Every slot was released, not left to expire.
    const { rows } = await scratch.sql(`SELECT count(*)::int AS n FROM "${scratch.schema}".baselinr_slot_leases WHERE holder IS NOT NULL`);
    expect((rows[0] as { n: number }).n).toBe(0);
  });

  it('without a shared pool the same three processes run more than that at once (what the pool prevents)', { timeout: 180_000 }, async () => {
    // Slower statements: unhindered, a process finishes fast, and the processes must still overlap.
    await createSlowViews(scratch, VIEWS, 1);
    const config = await writeConfig(false);
    const sampler = new ActivitySampler(`"${scratch.schema}".`);
    await sampler.start();
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => finished(processes.start('profile', '--config', config, '--json'))));
    const peaks = await sampler.stop();
    console.info(`no shared pool: ${peaks.samples} samples, peak ${peaks.profiling} profiling statements at once`);
    for (const result of results) expect(result.summary).toMatchObject({ succeeded: VIEWS, failed: 0 });
    expect(peaks.profiling).toBeGreaterThan(SLOTS);
  });

  it("an engine's limiter holds at most its bound of connections while it runs and none after, run after run", { timeout: 120_000 }, async () => {
    await createSlowViews(scratch, 3, 0.1);
    const config = validateConfig(JSON.parse(readFileSync(await writeConfig(), 'utf8')));
    const ours = `baselinr leases ${hostname()}:${process.pid}`;
    const connections = async () => ((await scratch.sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [ours])).rows[0] as { n: number }).n;
    const during: number[] = [];
    const after: number[] = [];
    for (let run = 0; run < 3; run++) {
      const engine = new ProfileEngine(config, { adapters: { postgres } });
      engine.on('slot_wait', (event) => {
        if (event.state === 'acquired') void connections().then((n) => during.push(n));
      });
      expect(await engine.profile()).toMatchObject({ succeeded: 3, failed: 0 });
      // A closed connection's backend leaves pg_stat_activity a moment after the client hangs up; a leaked one stays.
      let left = await connections();
      for (let poll = 0; left > 0 && poll < 40; poll++) {
        await sleep(50);
        left = await connections();
      }
      after.push(left);
    }
    expect(Math.max(...during)).toBeGreaterThan(0);
    expect(Math.max(...during)).toBeLessThanOrEqual(LEASE_CONNECTION_BOUND);
    expect(after).toEqual([0, 0, 0]);
  });

  it('kill -9 of one process: its slots come back within the lease TTL and the others finish', { timeout: 180_000 }, async () => {
    await createSlowViews(scratch, VIEWS, 0.4);
    const config = await writeConfig();
    const sampler = new ActivitySampler(`"${scratch.schema}".`);
    await sampler.start();
    const [victim, ...survivors] = Array.from({ length: PROCESSES }, () => processes.start('profile', '--config', config, '--json'));
    // Kill it while it holds slots, mid-run.
    const deadline = performance.now() + 60_000;
    while ((await liveLeasesOf(victim!.pid)) === 0) {
      if (performance.now() > deadline) throw new Error(`the process never held a slot:\n${victim!.stderr()}`);
      await sleep(50);
    }
    const held = await liveLeasesOf(victim!.pid);
    victim!.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim!.exited(10_000);
    while ((await liveLeasesOf(victim!.pid)) > 0) {
      if (performance.now() - killedAt > 10 * TTL_SECONDS * 1000) break;
      await sleep(50);
    }
    const returnedMs = performance.now() - killedAt;
    const results = await Promise.all(survivors.map(finished));
    const peaks = await sampler.stop();
    console.info(
      `kill -9: the victim held ${held} slot(s); they came back ${Math.round(returnedMs)} ms after the kill (TTL ${TTL_SECONDS}s); peak ${peaks.profiling} statements at once`,
    );

    expect(held).toBeGreaterThan(0);
    // Its last heartbeat came at most one beat before the kill, so every lease ends within a TTL of it (plus one poll).
    expect(returnedMs).toBeLessThanOrEqual(TTL_SECONDS * 1000 + 500);
    for (const result of results) expect(result.summary).toMatchObject({ succeeded: VIEWS, failed: 0 });
    expect(peaks.profiling).toBeLessThanOrEqual(SLOTS);
    expect(peaks.leaseConnections).toBeLessThanOrEqual(LEASE_CONNECTION_BOUND);
  });
});
