import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselinrMetrics, ProfileEngine, validateConfig, type EngineEvent, type RunResult } from '@baselinr/core';
import postgres from '@baselinr/adapter-postgres';
import sqlite from '@baselinr/adapter-sqlite';
import { startProxy } from '@baselinr/tcp-proxy';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTables, PG, pgScratch, type PgScratch } from './pg-support.js';

const cli = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));
let scratch: PgScratch;

beforeEach(async () => {
  scratch = await pgScratch('resil');
});
afterEach(async () => {
  await scratch.drop();
});

function config(overrides: { source?: Record<string, unknown>; [key: string]: unknown } = {}) {
  const { source, ...rest } = overrides;
  return validateConfig({
    source: { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: scratch.schema, ...source },
    storage: { connection: { type: 'sqlite', filepath: join(scratch.dir, 'results.db') } },
    profiling: { tables: [{ schema: scratch.schema, select_schema: true }] },
    ...rest,
  });
}

const metricsOf = (result: RunResult) => Object.fromEntries(result.tables.map((t) => [t.table, t.columns.map((c) => [c.column, c.metrics])]));

describe('PostgreSQL: a run that survives the server pushing back', () => {
  it('a role with CONNECTION LIMIT 3 profiled with max_workers 8 finishes every table', async () => {
    const role = `baselinr_limited_${process.pid}`;
    await scratch.sql(`DROP ROLE IF EXISTS ${role}`);
    await scratch.sql(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 3`);
    try {
      await scratch.sql(`GRANT USAGE ON SCHEMA "${scratch.schema}" TO ${role}`);
      const tables = await createTables(scratch, 16, 20_000);
      await scratch.sql(`GRANT SELECT ON ALL TABLES IN SCHEMA "${scratch.schema}" TO ${role}`);
      const engine = new ProfileEngine(config({ source: { username: role }, execution: { max_workers: 8 }, retry: { min_backoff: 0.05, max_backoff: 0.5 } }), {
        adapters: { postgres, sqlite },
      });
      const result = await engine.profile();
      expect(result.tables.filter((t) => t.status !== 'succeeded').map((t) => [t.table, t.error?.message])).toEqual([]);
      expect(result.succeeded).toBe(tables.length);
      expect(result.concurrency.minimum).toBeLessThan(8);
      expect(result.concurrency.changes.length).toBeGreaterThan(0);
    } finally {
      await scratch.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      await scratch.sql(`DROP OWNED BY ${role}`);
      await scratch.sql(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  /** A login role limited to `limit` connections, allowed to read the scratch schema (and `schemas`); dropped with everything it owns. */
  async function limitedRole(limit: number, schemas: readonly string[] = []) {
    const role = `baselinr_cat_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    await scratch.sql(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT ${limit}`);
    for (const schema of [scratch.schema, ...schemas]) {
      await scratch.sql(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
      await scratch.sql(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
    }
    return {
      role,
      async drop() {
        await scratch.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
        await scratch.sql(`DROP OWNED BY ${role}`);
        await scratch.sql(`DROP ROLE IF EXISTS ${role}`);
      },
    };
  }

  const catalogRetries = (engine: ProfileEngine) => {
    const seen: Array<Extract<EngineEvent, { type: 'catalog_retry' }>> = [];
    engine.on('catalog_retry', (e) => seen.push(e));
    return seen;
  };

  it('a catalog query refused for too many connections is retried until the held connections are released', async () => {
    const other = `${scratch.schema}_b`;
    await scratch.sql(`CREATE SCHEMA "${other}"`);
    try {
      const tables = await createTables(scratch, 2, 100);
      await scratch.sql(`CREATE TABLE "${other}".b_only AS SELECT g AS id FROM generate_series(1, 10) g`);
      // Room for the run's session and one connection held elsewhere: the second schema's listing,
      // which runs beside the first's, finds the role at its limit.
      const limited = await limitedRole(2, [other]);
      const held = new pg.Client({ ...PG, user: limited.role });
      await held.connect();
      try {
        const engine = new ProfileEngine(
          config({
            source: { username: limited.role },
            profiling: { tables: [scratch.schema, other].map((schema) => ({ schema, select_schema: true })) },
            execution: { max_workers: 1 },
            retry: { retries: 6, backoff_strategy: 'fixed', min_backoff: 0.3, max_backoff: 0.3 },
          }),
          { adapters: { postgres, sqlite } },
        );
        const metrics = new BaselinrMetrics();
        metrics.observe(engine, 'test');
        const retries = catalogRetries(engine);
        // Released once the refusal is seen (then polled until the server let the backend go), so the retry is what recovers.
        let released: Promise<void> | undefined;
        engine.on('catalog_retry', () => {
          released ??= held.end().then(async () => {
            for (let i = 0; i < 100 && (await scratch.sql(`SELECT 1 FROM pg_stat_activity WHERE usename = $1`, [limited.role])).rowCount! > 1; i++) await sleep(20);
          });
        });
        const result = await engine.profile();
        await released;
        expect(retries.length).toBeGreaterThan(0);
        expect(retries.map((r) => [r.query, r.kind, r.warehouse])).toEqual(retries.map(() => ['list_tables', 'too_many_connections', 'postgres']));
        expect(retries[0]!.message).toMatch(/too many connections for role/);
        expect(result.tables.map((t) => [t.table, t.status]).sort()).toEqual([...tables, 'b_only'].map((t) => [t, 'succeeded']).sort());
        const counted = await metrics.registry.getSingleMetric('baselinr_retries_total')!.get();
        expect(counted.values).toEqual([{ labels: { warehouse: 'postgres', error_type: 'too_many_connections' }, value: retries.length }]);
      } finally {
        await held.end().catch(() => undefined);
        await limited.drop();
      }
    } finally {
      await scratch.sql(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
    }
  });

  it('a catalog query that fails for good (permission denied) is not retried', async () => {
    // A database of its own, where the role may not read pg_class: nothing else loses the catalog.
    const database = `baselinr_cat_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    await scratch.sql(`CREATE DATABASE ${database}`);
    const limited = await limitedRole(5);
    const inDatabase = new pg.Client({ ...PG, database });
    try {
      await inDatabase.connect();
      await inDatabase.query(`REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC`);
      await inDatabase.end();
      const engine = new ProfileEngine(
        config({
          source: { username: limited.role, database, schema: 'public' },
          profiling: { tables: [{ schema: 'public', select_schema: true }] },
          retry: { retries: 6, min_backoff: 0.2, max_backoff: 0.2 },
        }),
        {
          adapters: { postgres, sqlite },
        },
      );
      const retries = catalogRetries(engine);
      await expect(engine.profile()).rejects.toMatchObject({ kind: 'permission_denied', message: expect.stringMatching(/permission denied for table pg_class/) });
      expect(retries).toEqual([]);
    } finally {
      await inDatabase.end().catch(() => undefined);
      await limited.drop();
      await scratch.sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });

  it('connections dropped mid-query are retried and the results equal a clean run', async () => {
    await createTables(scratch, 12, 30_000);
    const clean = await new ProfileEngine(config({ execution: { max_workers: 4 } }), { adapters: { postgres, sqlite } }).profile();
    expect(clean.succeeded).toBe(12);

    const proxy = await startProxy({ targetHost: PG.host, targetPort: PG.port, latencyMs: 1 });
    const engine = new ProfileEngine(config({ source: { port: proxy.port }, execution: { max_workers: 4 }, retry: { retries: 5, min_backoff: 0.01, max_backoff: 0.1 } }), {
      adapters: { postgres, sqlite },
    });
    let drops = 0;
    let retries = 0;
    engine.on('retry', () => retries++);
    // Cut a busy connection each time a few statements have finished: bounded, deterministic in count.
    let statements = 0;
    engine.on('statement_completed', () => {
      if (++statements % 3 === 0 && drops < 6 && proxy.dropBusiest()) drops++;
    });
    try {
      const flaky = await engine.profile();
      expect(drops).toBeGreaterThan(0);
      expect(retries).toBeGreaterThan(0);
      expect(flaky.tables.filter((t) => t.status !== 'succeeded').map((t) => [t.table, t.error?.message])).toEqual([]);
      expect(metricsOf(flaky)).toEqual(metricsOf(clean));
    } finally {
      await proxy.close();
    }
  });

  /** Starts `baselinr profile` on a view that sleeps for minutes, and waits until its statement runs on the server. */
  async function profileSlowView() {
    await createTables(scratch, 2, 100);
    // Each row sleeps (the subquery refers to g, so it runs per row, not once): profiling this view would take minutes.
    await scratch.sql(`CREATE VIEW "${scratch.schema}"."zz_slow" AS SELECT g, (SELECT 1 FROM pg_sleep(0.5 + 0 * g)) AS s FROM generate_series(1, 200) g`);
    const configPath = join(scratch.dir, 'config.yml');
    writeFileSync(
      configPath,
      [
        `source: { type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, schema: ${scratch.schema}, password: s3cr3t-pass }`,
        `storage: { connection: { type: sqlite, filepath: results.db } }`,
        `profiling: { tables: [{ schema: ${scratch.schema}, select_schema: true }] }`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [cli, 'profile', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && (await activeRunStatements()) === 0; i++) await sleep(50);
    expect(await activeRunStatements()).toBe(1);
    return { child, exited, output: () => output };
  }

  /** Client backends of any baselinr process executing the slow view right now. */
  const activeRunStatements = async () =>
    (
      await scratch.sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name LIKE 'baselinr%' AND state = 'active' AND query LIKE '%zz_slow%' AND position($1 in query) > 0`,
        [scratch.schema],
      )
    ).rows[0].n as number;

  function readStore<T>(read: (store: Database.Database) => T): T {
    const store = new Database(join(scratch.dir, 'results.db'), { readonly: true });
    try {
      return read(store);
    } finally {
      store.close();
    }
  }

  /** Polls until no statement of the run is active, for at most `ms`; the count left. */
  async function remainingAfter(ms: number): Promise<number> {
    const since = Date.now();
    let remaining = await activeRunStatements();
    while (remaining > 0 && Date.now() - since < ms) {
      await sleep(50);
      remaining = await activeRunStatements();
    }
    return remaining;
  }

  // SIGHUP is a closed terminal: it must stop the run as SIGINT and SIGTERM do, not kill it outright.
  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`${signal} cancels a statement stuck in pg_sleep on the server, marks the run cancelled, half-stores nothing`, async () => {
      const { child, exited, output } = await profileSlowView();
      child.kill(signal);
      expect(await remainingAfter(2000)).toBe(0);
      expect(await exited).toBe(130);
      expect(output()).not.toContain('s3cr3t-pass');

      const store = new Database(join(scratch.dir, 'results.db'), { readonly: true });
      try {
        const slow = store.prepare(`SELECT status FROM baselinr_runs WHERE dataset_name = 'zz_slow'`).all();
        expect(slow).toEqual([{ status: 'cancelled' }]);
        expect(store.prepare(`SELECT COUNT(*) AS n FROM baselinr_results WHERE dataset_name = 'zz_slow'`).get()).toEqual({ n: 0 });
        expect(store.prepare(`SELECT status FROM baselinr_run_summaries`).all()).toEqual([{ status: 'cancelled' }]);
      } finally {
        store.close();
      }
    });
  }

  it('kill -9 leaves no statement running (client_connection_check_interval), and query shows the run interrupted', async () => {
    const { child, exited } = await profileSlowView();
    const runId = await readStore((store) => (store.prepare(`SELECT run_id FROM baselinr_run_summaries WHERE status = 'running'`).get() as { run_id: string }).run_id);
    const { runCli } = await import('baselinr');
    const query = async (...args: string[]) => {
      const out: string[] = [];
      expect(await runCli(['query', ...args, '--config', join(scratch.dir, 'config.yml')], { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
      return out.join('\n');
    };
    // While the process lives, its run is running.
    expect(JSON.parse(await query('run', runId, '--json')).runStatus).toBe('running');
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    try {
      // The check runs every 2 s; without it the statement would run on for minutes.
      expect(await remainingAfter(15_000)).toBe(0);
      // The store still says running (nothing could record the end); its dead process tells otherwise.
      expect(await readStore((store) => store.prepare(`SELECT status FROM baselinr_run_summaries`).all())).toEqual([{ status: 'running' }]);
      const reason = `no end recorded and its process ${child.pid} on ${hostname()} is gone`;
      expect(JSON.parse(await query('run', runId, '--json'))).toMatchObject({ runId, runStatus: 'interrupted', runStatusReason: reason });
      expect(await query('run', runId)).toContain(`; run interrupted (${reason})`);
      expect(await query('runs')).toContain(`Run ${runId}: interrupted (${reason})`);
      expect(JSON.parse(await query('runs', '--json'))).toEqual(expect.arrayContaining([expect.objectContaining({ runId, runStatus: 'interrupted' })]));
    } finally {
      await scratch.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND query LIKE '%zz_slow%' AND position($1 in query) > 0`, [
        scratch.schema,
      ]);
    }
  });
});

describe('PostgreSQL: secrets stay out of every output', () => {
  const secret = 's3cr3t-pass';
  for (const format of ['pretty', 'json'] as const) {
    it(`logs, errors and --json never contain the password (${format})`, async () => {
      const { runCli } = await import('baselinr');
      await createTables(scratch, 2, 50);
      const lines: string[] = [];
      const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
      const write = (name: string, source: string) => {
        const path = join(scratch.dir, name);
        writeFileSync(
          path,
          `source: { type: postgres, ${source}, database: ${PG.database}, username: ${PG.user}, password: ${secret}, schema: ${scratch.schema} }\n` +
            `storage: { connection: { type: sqlite, filepath: results.db } }\n` +
            `profiling: { tables: [{ schema: ${scratch.schema}, select_schema: true }, { schema: ${scratch.schema}, table: missing_table }] }\n`,
        );
        return path;
      };
      const ok = write('ok.yml', `host: ${PG.host}, port: ${PG.port}`);
      const refused = write('refused.yml', `host: 127.0.0.1, port: 1`);
      const flags = ['--log-format', format, '--log-level', 'debug'];
      expect(await runCli(['profile', '--config', ok, ...flags], io)).toBe(1);
      expect(await runCli(['profile', '--config', ok, '--json', ...flags], io)).toBe(1);
      expect(await runCli(['profile', '--config', refused, ...flags], io)).not.toBe(0);
      const all = lines.join('\n');
      // Redaction is structural: names the config gives are printed as written, so none holds the secret here.
      expect(all).toContain('Profiling completed: 2 succeeded, 1 failed');
      expect(all).toMatch(/ECONNREFUSED/);
      expect(all).not.toContain(secret);
    });
  }
});
