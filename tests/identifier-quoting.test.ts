import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '@baselinr/core';
import { sqliteDialect } from '../packages/adapter-sqlite/src/dialect.js';
import { postgresDialect } from '../packages/adapter-postgres/src/dialect.js';
import { mysqlDialect } from '../packages/adapter-mysql/src/dialect.js';
import { duckdbDialect } from '../packages/adapter-duckdb/src/dialect.js';
import { snowflakeDialect } from '../packages/adapter-snowflake/src/dialect.js';
import { bigqueryDialect } from '../packages/adapter-bigquery/src/dialect.js';
import { redshiftDialect } from '../packages/adapter-redshift/src/dialect.js';
import { PG } from './pg-support.js';

/** Strings heavy in what breaks quoting (quotes of every kind, backslashes, dots, controls, astral characters), plus any text. */
const hostile = fc.string({
  unit: fc.constantFrom('"', '`', "'", '\\', '.', ' ', ';', '-', '*', '\n', '\t', '\u0000', 'a', 'Z', '_', '1', 'é', 'ß', '😀', '\u202e'),
  maxLength: 16,
});
const anyName = fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 16 }), fc.string({ unit: 'binary', maxLength: 16 }));

/**
 * Reads one quoted identifier the way the warehouse's lexer does: `doubled` quotes stand for
 * one (ANSI, MySQL), or a backslash escapes the next character (GoogleSQL). Returns the name
 * and where the identifier ended, so a quote that escaped shows as text left over.
 */
function readQuoted(sql: string, start: number, quote: '"' | '`', escaping: 'doubled' | 'backslash'): { name: string; end: number } {
  if (sql[start] !== quote) throw new Error(`expected ${quote} at ${start} of ${JSON.stringify(sql)}`);
  let name = '';
  for (let i = start + 1; i < sql.length; i++) {
    const ch = sql[i]!;
    if (escaping === 'backslash' && ch === '\\') name += sql[++i] ?? '';
    else if (ch === quote && escaping === 'doubled' && sql[i + 1] === quote) name += sql[++i];
    else if (ch === quote) return { name, end: i + 1 };
    else name += ch;
  }
  throw new Error(`unterminated identifier ${JSON.stringify(sql)}`);
}

/** A qualified name split by the lexer into its parts; throws if anything is left between or after them. */
function readQualified(sql: string, quote: '"' | '`', escaping: 'doubled' | 'backslash'): string[] {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const { name, end } = readQuoted(sql, at, quote, escaping);
    parts.push(name);
    if (end === sql.length) return parts;
    if (sql[end] !== '.') throw new Error(`text after an identifier in ${JSON.stringify(sql)}`);
    at = end + 1;
  }
}

const dialects: Array<[string, Dialect, '"' | '`', 'doubled' | 'backslash', string[]]> = [
  ['sqlite', sqliteDialect, '"', 'doubled', []],
  ['postgres', postgresDialect, '"', 'doubled', []],
  ['mysql', mysqlDialect, '`', 'doubled', []],
  ['duckdb', duckdbDialect, '"', 'doubled', []],
  ['snowflake', snowflakeDialect, '"', 'doubled', []],
  ['bigquery', bigqueryDialect('my-project', 100), '`', 'backslash', ['my-project']],
  ['redshift', redshiftDialect, '"', 'doubled', []],
];

describe('identifier quoting in every dialect (property-based)', () => {
  for (const [name, dialect, quote, escaping, prefix] of dialects) {
    it(`${name}: any string round-trips as a name and never escapes its quotes`, () => {
      fc.assert(
        fc.property(anyName, anyName, (schema, table) => {
          expect(readQualified(dialect.quoteIdentifier(table), quote, escaping)).toEqual([table]);
          expect(readQualified(dialect.qualifyTable({ schema, table }), quote, escaping)).toEqual([...prefix, schema, table]);
        }),
        { numRuns: 1000 },
      );
    });
  }
});

/** What every engine refuses in a name whatever the quoting: empty names, NUL, and lone surrogates (not text at all). */
const storable = anyName.filter((n) => n.length > 0 && !n.includes('\u0000') && !/\p{Cs}/u.test(n));

/** The part of @duckdb/node-api used here (the package is the DuckDB adapter's dependency, not the root's). */
interface DuckDBApi {
  create(path: string): Promise<{
    connect(): Promise<{
      run(sql: string): Promise<unknown>;
      runAndReadAll(sql: string): Promise<{ getRows(): unknown[][]; columnName(index: number): string }>;
      closeSync(): void;
    }>;
  }>;
}

/** Creates a table and a column named `name`, reads both back from the catalog and the column by a query. */
interface Engine {
  roundTrip(name: string): Promise<{ tables: string[]; columns: string[]; field: string; value: unknown }>;
}

async function checkRoundTrips(engine: Engine, names: fc.Arbitrary<string>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(names, async (name) => {
      expect(await engine.roundTrip(name)).toEqual({ tables: [name], columns: [name], field: name, value: 1 });
    }),
    { numRuns },
  );
}

describe('names round-trip through the real engines (property-based)', () => {
  it('SQLite', async () => {
    const db = new Database(':memory:');
    const q = (n: string) => sqliteDialect.quoteIdentifier(n);
    const engine: Engine = {
      async roundTrip(name) {
        db.exec(`CREATE TABLE ${q(name)} (${q(name)} INTEGER)`);
        try {
          db.prepare(`INSERT INTO ${q(name)} VALUES (1)`).run();
          const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
          const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).map((r) => r.name);
          const select = db.prepare(`SELECT ${q(name)} FROM ${sqliteDialect.qualifyTable({ schema: 'main', table: name })}`);
          const [value] = select.raw().get() as unknown[];
          return { tables, columns, field: select.columns()[0]!.name, value };
        } finally {
          db.exec(`DROP TABLE ${q(name)}`);
        }
      },
    };
    // SQLite keeps the sqlite_ prefix for itself.
    await checkRoundTrips(
      engine,
      storable.filter((n) => !/^sqlite_/i.test(n)),
      300,
    );
    db.close();
  });

  describe('PostgreSQL', () => {
    const schema = `h17_quoting_${process.pid}`;
    let pool: pg.Pool;
    beforeAll(async () => {
      pool = new pg.Pool({ ...PG, max: 1 });
      await pool.query(`CREATE SCHEMA ${schema}`);
    });
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    });

    it('any name it can hold (at most 63 bytes)', async () => {
      const q = (n: string) => postgresDialect.quoteIdentifier(n);
      const engine: Engine = {
        async roundTrip(name) {
          const table = postgresDialect.qualifyTable({ schema, table: name });
          await pool.query(`CREATE TABLE ${table} (${q(name)} integer)`);
          try {
            await pool.query(`INSERT INTO ${table} VALUES (1)`);
            const catalog = await pool.query<{ table_name: string; column_name: string }>(
              'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1',
              [schema],
            );
            // Rows as arrays: a column named __proto__ cannot be read back as an object key.
            const result = await pool.query({ text: `SELECT ${q(name)} FROM ${table}`, rowMode: 'array' });
            return {
              tables: catalog.rows.map((r) => r.table_name),
              columns: catalog.rows.map((r) => r.column_name),
              field: result.fields[0]!.name,
              value: (result.rows[0] as unknown[] | undefined)?.[0],
            };
          } finally {
            await pool.query(`DROP TABLE ${table}`);
          }
        },
      };
      await checkRoundTrips(
        engine,
        storable.filter((n) => Buffer.byteLength(n) <= 63),
        200,
      );
    });
  });

  describe('MariaDB', () => {
    const database = `h17_quoting_${process.pid}`;
    let connection: mysql.Connection;
    beforeAll(async () => {
      connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', charset: 'utf8mb4' });
      await connection.query(`CREATE DATABASE ${database}`);
    });
    afterAll(async () => {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      await connection.end();
    });

    it('any name it can hold (at most 64 characters of the Basic Multilingual Plane, no trailing space)', async () => {
      const q = (n: string) => mysqlDialect.quoteIdentifier(n);
      const engine: Engine = {
        async roundTrip(name) {
          const table = mysqlDialect.qualifyTable({ schema: database, table: name });
          await connection.query(`CREATE TABLE ${table} (${q(name)} INT)`);
          try {
            await connection.query(`INSERT INTO ${table} VALUES (1)`);
            const [catalog] = await connection.query<mysql.RowDataPacket[]>('SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?', [
              database,
            ]);
            // mysql2 refuses a result field named __proto__ (and closes the connection), so the
            // column is read under an alias and its name taken from the field's original name.
            const [rows, fields] = await connection.query<mysql.RowDataPacket[][]>({ sql: `SELECT ${q(name)} AS v FROM ${table}`, rowsAsArray: true });
            return { tables: catalog.map((r) => String(r.t)), columns: catalog.map((r) => String(r.c)), field: fields[0]!.orgName, value: rows[0]![0] };
          } finally {
            await connection.query(`DROP TABLE ${table}`);
          }
        },
      };
      const holdable = storable.filter((n) => [...n].length <= 64 && !/[\u{10000}-\u{10FFFF}]/u.test(n) && !/\s$/.test(n));
      await checkRoundTrips(engine, holdable, 100);
    });
  });

  it('DuckDB', async () => {
    // The driver is the DuckDB adapter's dependency; load it from there.
    const require = createRequire(new URL('../packages/adapter-duckdb/package.json', import.meta.url));
    const { DuckDBInstance } = (await import(pathToFileURL(require.resolve('@duckdb/node-api')).href)) as { DuckDBInstance: DuckDBApi };
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const q = (n: string) => duckdbDialect.quoteIdentifier(n);
    const engine: Engine = {
      async roundTrip(name) {
        const table = duckdbDialect.qualifyTable({ schema: 'main', table: name });
        await db.run(`CREATE TABLE ${table} (${q(name)} INTEGER)`);
        try {
          await db.run(`INSERT INTO ${table} VALUES (1)`);
          const catalog = await db.runAndReadAll(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'`);
          const rows = catalog.getRows();
          const result = await db.runAndReadAll(`SELECT ${q(name)} FROM ${table}`);
          return { tables: rows.map((r) => String(r[0])), columns: rows.map((r) => String(r[1])), field: result.columnName(0), value: result.getRows()[0]![0] };
        } finally {
          await db.run(`DROP TABLE ${table}`);
        }
      },
    };
    await checkRoundTrips(engine, storable, 200);
    db.closeSync();
  });
});
