import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import type pg from 'pg';
import { ProfileEngine, type BaselinrConfig, type RunResult } from '@baselinr/core';
import mysqlAdapter from '@baselinr/adapter-mysql';
import postgres from '@baselinr/adapter-postgres';
import sqlite from '@baselinr/adapter-sqlite';
import { PG } from './pg-support.js';

/** The adapters of the three engines that run on this machine. */
export const LOCAL_ADAPTERS = { postgres, mysql: mysqlAdapter, sqlite };

export type LocalEngine = 'sqlite' | 'postgres' | 'mysql';

/** A name for a test's scratch schema and database (unique to this process), and a folder of its own. */
export function scratchPlace(prefix: string): { readonly schema: string; readonly dir: string } {
  return { schema: `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`, dir: mkdtempSync(join(tmpdir(), `baselinr-${prefix}-`)) };
}

/** A test's scratch place on each engine: a SQLite file, a PostgreSQL schema and a MariaDB database named `schema`. */
export function scratchSources(sqliteFile: string, schema: string): Record<LocalEngine, Record<string, unknown>> {
  return {
    sqlite: { filepath: sqliteFile },
    postgres: { host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema },
    mysql: { host: '127.0.0.1', port: 3306, username: 'root', password: '', database: schema },
  };
}

/** Drops what `scratchSources` names (whatever was created before a failure) and the test's folder. */
export async function dropScratch(scratch: { readonly pgAdmin?: pg.Pool; readonly my?: mysql.Connection; readonly schema: string; readonly dir: string }): Promise<void> {
  await scratch.pgAdmin?.query(`DROP SCHEMA IF EXISTS "${scratch.schema}" CASCADE`);
  await scratch.pgAdmin?.end();
  await scratch.my?.query(`DROP DATABASE IF EXISTS \`${scratch.schema}\``);
  await scratch.my?.end();
  rmSync(scratch.dir, { recursive: true, force: true });
}

/** Two runs of one config, one after the other: what a check of repeatability compares. */
export async function profileTwice(config: BaselinrConfig): Promise<RunResult[]> {
  const engine = () => new ProfileEngine(config, { adapters: LOCAL_ADAPTERS });
  return [await engine().profile(), await engine().profile()];
}
