import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, ProfileEngine, validateConfig, type BaselinrConfigInput, type WarehouseAdapter, type WarehouseSession } from '@baselinr/core';
import postgres from '@baselinr/adapter-postgres';
import { PG, pgScratch, type PgScratch } from './pg-support.js';

let scratch: PgScratch;
let second: string;
beforeEach(async () => {
  scratch = await pgScratch('disc');
  second = `${scratch.schema}_b`;
  await scratch.sql(`CREATE SCHEMA "${second}"`);
  for (const schema of [scratch.schema, second]) {
    for (const table of ['t_00', 't_01']) await scratch.sql(`CREATE TABLE "${schema}"."${table}" AS SELECT g AS id FROM generate_series(1, 20) g`);
  }
});
afterEach(async () => {
  await scratch.sql(`DROP SCHEMA IF EXISTS "${second}" CASCADE`);
  await scratch.drop();
});

const connection = (database: string = PG.database) => ({ type: 'postgres', host: PG.host, port: PG.port, database, username: PG.user });

function config(tables: unknown[], extra: Partial<BaselinrConfigInput> = {}) {
  return validateConfig({
    source: { ...connection(), schema: scratch.schema },
    storage: { connection: { type: 'sqlite', filepath: `${scratch.dir}/results.db` } },
    profiling: { tables },
    ...extra,
  } as BaselinrConfigInput);
}

const planned = async (tables: unknown[]) => (await new ProfileEngine(config(tables), { adapters: { postgres } }).plan()).tables.map((t) => `${t.schema}.${t.table}`);

/** The real adapter with its sessions wrapped, to watch what the engine asks and when. */
function watched(wrap: (session: WarehouseSession) => WarehouseSession): WarehouseAdapter {
  return { ...postgres, connect: async (c, options) => wrap(await postgres.connect(c, options)) };
}

describe('discovery feeds the run as it lists', () => {
  it('issues a profiling statement before the listing of the last schema completes', async () => {
    const seen: string[] = [];
    let statementIssued!: () => void;
    const firstStatement = new Promise<void>((resolve) => (statementIssued = resolve));
    // The later schema's listing waits (at most 20 s) for the first profiling statement: a run
    // that lists the whole catalog before starting would wait out the bound and finish listing first.
    const bound = new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
    const adapter = watched((session) => ({
      dialect: session.dialect,
      defaultSchema: session.defaultSchema,
      describeTables: (refs, signal) => session.describeTables(refs, signal),
      close: () => session.close(),
      async listTables(filter) {
        if (!filter.schemas.includes(second)) return session.listTables(filter);
        await Promise.race([firstStatement, bound]);
        const listed = await session.listTables(filter);
        seen.push('last listing completed');
        return listed;
      },
      execute(sql, signal) {
        if (seen.length === 0) seen.push('profiling statement issued');
        statementIssued();
        return session.execute(sql, signal);
      },
    }));
    const engine = new ProfileEngine(
      config([
        { schema: scratch.schema, select_schema: true },
        { schema: second, select_schema: true },
      ]),
      { adapters: { postgres: adapter } },
    );
    const discovered: string[] = [];
    engine.on('tables_discovered', (e) => discovered.push(...e.tables.map((t) => `${t.schema}.${t.table}`)));
    const result = await engine.profile();

    expect(seen).toEqual(['profiling statement issued', 'last listing completed']);
    expect(result.succeeded).toBe(4);
    expect(discovered.sort()).toEqual([`${second}.t_00`, `${second}.t_01`]);
  });
});

describe("Baselinr's selection keys on PostgreSQL", () => {
  it('schema_pattern selects in every matching schema; tags and tags_any read table comments', async () => {
    await scratch.sql(`COMMENT ON TABLE "${scratch.schema}".t_00 IS 'tags: pii, finance'`);
    await scratch.sql(`COMMENT ON TABLE "${second}".t_01 IS 'pii'`);
    const pattern = `${scratch.schema}*`;
    expect(await planned([{ schema_pattern: pattern, select_schema: true }])).toEqual([
      `${scratch.schema}.t_00`,
      `${scratch.schema}.t_01`,
      `${second}.t_00`,
      `${second}.t_01`,
    ]);
    expect(await planned([{ schema_pattern: `^${scratch.schema}_b$`, pattern: 't_0[1-9]', pattern_type: 'regex' }])).toEqual([`${second}.t_01`]);
    expect(await planned([{ schema_pattern: pattern, select_schema: true, tags: ['pii'] }])).toEqual([`${scratch.schema}.t_00`, `${second}.t_01`]);
    expect(await planned([{ schema_pattern: pattern, select_schema: true, tags: ['pii', 'finance'] }])).toEqual([`${scratch.schema}.t_00`]);
    expect(await planned([{ schema_pattern: pattern, pattern: 't_*', tags_any: ['finance', 'other'] }])).toEqual([`${scratch.schema}.t_00`]);
  });

  it('says which entry matched nothing, and refuses a run that selects nothing', async () => {
    await expect(planned([{ schema_pattern: `${scratch.schema}_nope*`, select_schema: true }])).rejects.toThrow(
      `select_schema: schema_pattern "${scratch.schema}_nope*" matches no schema; check its spelling`,
    );
    await expect(planned([{ schema_pattern: `${scratch.schema}*`, select_schema: true, tags: ['absent'] }])).rejects.toThrow(
      `select_schema in the 2 schemas matching "${scratch.schema}*": all 4 matching table(s) are excluded by exclude_patterns, table_types, tags, tags_any, min_rows or max_rows`,
    );
  });

  it('select_all_schemas selects every schema of the database, system schemas left out', async () => {
    const database = `${scratch.schema}_db`;
    await scratch.sql(`CREATE DATABASE "${database}"`);
    const own = new pg.Client({ ...PG, database });
    try {
      await own.connect();
      await own.query('CREATE SCHEMA sales; CREATE TABLE sales.orders (id int); CREATE TABLE public.customers (id int)');
      await own.end();
      const selectAll = validateConfig({
        source: { ...connection(database) },
        storage: { connection: { type: 'sqlite', filepath: `${scratch.dir}/results.db` } },
        profiling: { tables: [{ select_all_schemas: true, database }] },
      });
      const plan = await new ProfileEngine(selectAll, { adapters: { postgres } }).plan();
      expect(plan.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(['public.customers', 'sales.orders']);
    } finally {
      await scratch.sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  });

  it('refuses a table entry on another database than the source, saying what to do', async () => {
    const error = await planned([{ select_schema: true, database: 'elsewhere' }]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `profiling.tables.0.database: "elsewhere" is not source.database ("${PG.database}"); one run profiles one database: give that database its own config`,
    ]);
  });
});
