import pg from 'pg';
import { postgresGenerator } from './sql-dialect.js';
import { tableStatements } from './table-sql.js';
import type { TableSet } from './table-sets.js';
import { runInChunks, type BenchWarehouse, type Endpoint } from './warehouse.js';

export interface PostgresTarget extends Endpoint {
  readonly database: string;
  readonly user: string;
}

const STATEMENTS_PER_ROUND_TRIP = 100;

/** The benchmark warehouse in PostgreSQL: one schema per set, filled with generate_series. */
export class PostgresWarehouse implements BenchWarehouse {
  readonly engine = 'postgres';
  private constructor(
    private readonly client: pg.Client,
    private readonly target: PostgresTarget,
  ) {}

  static async connect(target: PostgresTarget): Promise<PostgresWarehouse> {
    const client = new pg.Client({ host: target.host, port: target.port, database: target.database, user: target.user });
    await client.connect();
    return new PostgresWarehouse(client, target);
  }

  get server(): Endpoint {
    return { host: this.target.host, port: this.target.port };
  }

  async create(set: TableSet): Promise<void> {
    await this.drop(set);
    await this.client.query(`CREATE SCHEMA ${postgresGenerator.quote(set.schema)}`);
    await this.each(set.tables.flatMap((t) => tableStatements(set.schema, t, postgresGenerator)));
  }

  warm(set: TableSet): Promise<void> {
    return this.each(this.names(set).map((name) => `SELECT count(*) FROM ${name}`));
  }

  analyze(set: TableSet): Promise<void> {
    return this.each(this.names(set).map((name) => `ANALYZE ${name}`));
  }

  async tablesWithoutEstimate(set: TableSet): Promise<number> {
    // reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14+).
    const { rows } = await this.client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE s.nspname = $1 AND c.relkind = 'r' AND c.reltuples < 0`,
      [set.schema],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Tables first, a hundred per transaction: one DROP SCHEMA CASCADE of 5,000 tables takes a
   * lock per table (and per TOAST table) in one transaction and runs out of lock memory
   * (max_locks_per_transaction). Drops whatever the schema holds, so a leftover set from an
   * earlier, larger run goes too.
   */
  async drop(set: TableSet): Promise<void> {
    const { rows } = await this.client.query<{ name: string }>(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1`, [set.schema]);
    await this.each(rows.map((r) => `DROP TABLE ${r.name}`));
    await this.client.query(`DROP SCHEMA IF EXISTS ${postgresGenerator.quote(set.schema)} CASCADE`);
  }

  source(set: TableSet, via?: Endpoint) {
    return this.sourceFor(set.schema, via);
  }

  sourceFor(schema: string, via?: Endpoint) {
    const { host, port } = via ?? this.target;
    return { source: { type: 'postgres', host, port, database: this.target.database, username: this.target.user, schema }, schema };
  }

  /**
   * `count` views over one small table whose every scan first sleeps `seconds` on the server:
   * server work that costs this machine no CPU. Replaces the schema.
   */
  async createSleepingViews(schema: string, count: number, seconds: number): Promise<void> {
    const q = postgresGenerator.quote(schema);
    await this.client.query(`DROP SCHEMA IF EXISTS ${q} CASCADE`);
    await this.client.query(`CREATE SCHEMA ${q}`);
    await this.client.query(`CREATE TABLE ${q}.base AS SELECT g AS id, g % 7 AS qty, md5(g::text) AS label FROM generate_series(1, 200) g`);
    const views = Array.from(
      { length: count },
      (_, i) =>
        `CREATE VIEW ${q}.${postgresGenerator.quote(`slow_${String(i).padStart(3, '0')}`)} AS WITH pause AS MATERIALIZED (SELECT pg_sleep(${seconds})) SELECT b.* FROM ${q}.base b, pause`,
    );
    await this.each(views);
  }

  /**
   * Changes one row of a table, and puts the write in PostgreSQL's shared statistics before
   * returning (pg_stat_force_next_flush: flushed before this backend answers again).
   */
  async touch(set: TableSet, table: string): Promise<void> {
    await this.client.query(`UPDATE ${postgresGenerator.quote(set.schema)}.${postgresGenerator.quote(table)} SET id = id WHERE id = 1`);
    await this.client.query('SELECT pg_stat_force_next_flush()');
  }

  async dropSchema(schema: string): Promise<void> {
    await this.client.query(`DROP SCHEMA IF EXISTS ${postgresGenerator.quote(schema)} CASCADE`);
  }

  close(): Promise<void> {
    return this.client.end();
  }

  private names(set: TableSet): string[] {
    return set.tables.map((t) => `${postgresGenerator.quote(set.schema)}.${postgresGenerator.quote(t.name)}`);
  }

  /** Several statements per simple-protocol query: one round trip runs up to a hundred. */
  private each(statements: readonly string[]): Promise<void> {
    return runInChunks(statements, STATEMENTS_PER_ROUND_TRIP, async (batch) => {
      await this.client.query(batch.join(';\n'));
    });
  }
}
