#!/usr/bin/env node
// Builds the DuckDB example's data (when missing): a DuckDB database file with two schemas, and
// a data/ folder of Parquet and CSV files, one partitioned dataset included. Deterministic SQL.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../packages/adapter-duckdb/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const database = here('./warehouse.duckdb');
const data = here('./data/');
if (existsSync(database) && !process.argv.includes('--force')) {
  console.error(`example data exists: ${database} (pass --force to rebuild)`);
  process.exit(0);
}
rmSync(database, { force: true });
rmSync(data, { recursive: true, force: true });
mkdirSync(data, { recursive: true });

const instance = await DuckDBInstance.create(database);
const db = await instance.connect();
const quoted = (path) => `'${path.replaceAll("'", "''")}'`;
await db.run(`
  CREATE SCHEMA sales;
  CREATE TABLE sales.customers AS
    SELECT i AS id, 'customer ' || i AS name, ['Zoë', 'naïve café', '李雷', 'Ærin', 'plain'][1 + i % 5] AS city,
           CASE WHEN i % 9 = 0 THEN NULL ELSE DATE '2020-01-01' + (i * 37 % 1500)::INTEGER END AS signed_up
    FROM range(1, 501) r(i);
  CREATE TABLE sales.orders AS
    SELECT i AS id, 1 + i * 7 % 500 AS customer_id, ((i * 7919) % 100000) / 100 :: DECIMAL(12, 2) AS total,
           CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 31) % 17 + 0.5 END AS discount,
           TIMESTAMP '2024-01-01' + to_seconds(i * 3607) AS ordered_at, i % 4 = 0 AS gift,
           CASE WHEN i = 1 THEN 9007199254740993 ELSE i * 1000003 END AS big
    FROM range(1, 5001) r(i);
  CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 500;
  CREATE TABLE main.tmp_scratch AS SELECT 1 AS x;
  COPY (SELECT * FROM sales.orders) TO ${quoted(`${data}/orders.parquet`)} (FORMAT parquet);
  COPY (SELECT * FROM sales.customers) TO ${quoted(`${data}/customers.csv`)} (HEADER);
  COPY (SELECT i AS id, ['view', 'click', 'buy'][1 + i % 3] AS kind, TIMESTAMP '2024-06-01' + to_seconds(i * 61) AS at,
               date_trunc('day', TIMESTAMP '2024-06-01' + to_seconds(i * 61))::DATE::VARCHAR AS day
        FROM range(20000) r(i)) TO ${quoted(`${data}/events`)} (FORMAT parquet, PARTITION_BY (day));
`);
db.closeSync();
instance.closeSync();
console.error(`wrote ${database} and ${data} (orders.parquet, customers.csv, events/ partitioned by day)`);
