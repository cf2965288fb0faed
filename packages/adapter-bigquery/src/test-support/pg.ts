import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PgTarget } from './fake-bigquery/jobs.js';

/** The PostgreSQL 15 the fake BigQuery runs its SQL on (trust auth; override with PGHOST/PGPORT). */
export const PG: PgTarget = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: 'postgres',
  database: 'test',
};

/** A plain client for setup and checks, outside the adapter and the fake. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, application_name: 'baselinr-bigquery-test' });
  await client.connect();
  return client;
}

export function pgQuote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface TestDataset {
  /** The PostgreSQL schema, which the fake serves as a BigQuery dataset of the same name. */
  readonly name: string;
  /** `name` quoted for PostgreSQL. */
  readonly q: string;
  drop(): Promise<void>;
}

/** A schema only this test file uses, so files run in parallel; `drop()` removes it with everything in it. */
export async function createTestDataset(admin: pg.Client, prefix: string): Promise<TestDataset> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  const q = pgQuote(name);
  await admin.query(`CREATE SCHEMA ${q}`);
  return { name, q, drop: async () => void (await admin.query(`DROP SCHEMA IF EXISTS ${q} CASCADE`)) };
}
