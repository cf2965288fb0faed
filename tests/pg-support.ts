import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A schema of its own on the real PostgreSQL, dropped afterwards, plus a temp folder for the results store. */
export interface PgScratch {
  readonly schema: string;
  readonly dir: string;
  readonly admin: pg.Pool;
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

export const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' } as const;

export async function pgScratch(prefix: string): Promise<PgScratch> {
  const schema = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Pool({ ...PG, max: 3 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    schema,
    dir,
    admin,
    sql: (text, params) => admin.query(text, params),
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` tables of `rows` rows with a mix of types, generated on the server. */
export async function createTables(scratch: PgScratch, count: number, rows: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `t_${String(i).padStart(2, '0')}`);
  for (const name of names) {
    await scratch.sql(
      `CREATE TABLE "${scratch.schema}"."${name}" AS SELECT g AS id, (g * 7919) % 1000 AS qty, CASE WHEN g % 10 = 0 THEN NULL ELSE g / 3.0 END AS price, ` +
        `md5(g::text) AS label, now() - (g || ' minutes')::interval AS created FROM generate_series(1, ${rows}) g`,
    );
  }
  for (const name of names) await scratch.sql(`ANALYZE "${scratch.schema}"."${name}"`);
  return names;
}
