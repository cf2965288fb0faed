import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigQuery } from '@google-cloud/bigquery';
import { poolPolicy, profileTable, validateConfig, type TableDescription, type WarehouseSession } from '@baselinr/core';
import { profilingStatements } from '@baselinr/adapter-testkit';
import { describeTablesQuery, listTablesQuery, toDescriptions, type CatalogQuery } from './catalog.js';
import { bigqueryDialect } from './dialect.js';
import { adapter } from './index.js';
import { DEFAULT_MAX_EXPRESSIONS } from './options.js';

/**
 * Against real BigQuery, skipped unless BASELINR_BQ_LIVE_PROJECT names a project the credentials
 * may run query jobs in (BASELINR_BQ_LIVE_CREDENTIALS_PATH: a key file, else application default
 * credentials; BASELINR_BQ_LIVE_LOCATION: default US). Every statement the adapter generates for
 * a public table is dry-run (free: BigQuery validates and prices it without running it), then the
 * table is profiled for real: one small public table, at BigQuery's 10 MB minimum per statement.
 * See docs/adapters/bigquery.md.
 */
const PROJECT = process.env.BASELINR_BQ_LIVE_PROJECT;
const CREDENTIALS_PATH = process.env.BASELINR_BQ_LIVE_CREDENTIALS_PATH;
const LOCATION = process.env.BASELINR_BQ_LIVE_LOCATION ?? 'US';

/** Public data: the jobs run (and are billed) in PROJECT, the tables are Google's. */
const PUBLIC_PROJECT = 'bigquery-public-data';
const DATASET = 'samples';
const TABLE = 'shakespeare';
const BATCHED = 'gsod';

const dialect = bigqueryDialect(PUBLIC_PROJECT, DEFAULT_MAX_EXPRESSIONS);
let client: BigQuery;
let session: WarehouseSession;
let described: TableDescription[];

/** A catalog query's REST parameters as the SDK's plain values (arrays of table names). */
function paramValues(query: CatalogQuery): Record<string, string[]> {
  return Object.fromEntries(query.params.map((p) => [p.name, (p.parameterValue.arrayValues ?? []).map((v) => v.value)]));
}

async function dryRun(sql: string, params: Record<string, string[]> = {}): Promise<number> {
  const [job] = await client.createQueryJob({ query: sql, params, dryRun: true, useLegacySql: false, location: LOCATION });
  return Number(job.metadata.statistics.totalBytesProcessed);
}

async function catalogRows(query: CatalogQuery) {
  const [rows] = await client.query({ query: query.sql, params: paramValues(query), useLegacySql: false, location: LOCATION });
  return rows as Record<string, unknown>[];
}

describe.skipIf(!PROJECT)('live BigQuery (BASELINR_BQ_LIVE_PROJECT)', () => {
  beforeAll(async () => {
    const { BigQuery } = await import('@google-cloud/bigquery');
    client = new BigQuery({ projectId: PROJECT!, ...(CREDENTIALS_PATH ? { keyFilename: CREDENTIALS_PATH } : {}) });
    const source = {
      type: 'bigquery',
      project: PROJECT!,
      ...(CREDENTIALS_PATH ? { credentials_path: CREDENTIALS_PATH } : {}),
      extra_params: { location: LOCATION },
    };
    session = await adapter.connect(source, { policy: poolPolicy(adapter.limits(source).pool, 1), runId: `live-${randomUUID()}` });
    const refs = [
      { schema: DATASET, table: TABLE },
      { schema: DATASET, table: BATCHED },
    ];
    described = toDescriptions(await catalogRows(describeTablesQuery(PUBLIC_PROJECT, refs)));
  });

  afterAll(async () => session?.close());

  it('dry-runs the catalog queries', async () => {
    expect(await dryRun(listTablesQuery(PUBLIC_PROJECT, DATASET).sql)).toBeGreaterThanOrEqual(0);
    expect(await dryRun(listTablesQuery(PUBLIC_PROJECT, DATASET, { labels: true }).sql)).toBeGreaterThanOrEqual(0);
    const columns = describeTablesQuery(PUBLIC_PROJECT, [{ schema: DATASET, table: TABLE }]);
    expect(await dryRun(columns.sql, paramValues(columns))).toBeGreaterThanOrEqual(0);
    expect(described.map((t) => t.table).sort()).toEqual([BATCHED, TABLE].sort());
  });

  it('dry-runs every statement the adapter generates for a public table', async () => {
    const [table, batched] = [TABLE, BATCHED].map((name) => described.find((t) => t.table === name)!);
    const statements = profilingStatements(table!, dialect, batched!);
    expect(statements.length).toBeGreaterThan(3);
    for (const { label, sql } of statements) {
      await expect(dryRun(sql), label).resolves.toBeGreaterThanOrEqual(0);
    }
  });

  it('profiles the public table with the real profiler', async () => {
    const table = described.find((t) => t.table === TABLE)!;
    const { profiling } = validateConfig({ source: { type: 'bigquery', project: PROJECT! } });
    const metrics = await profileTable(table, dialect, profiling, async (_purpose, sql) => {
      const result = await session.execute(sql);
      return Array.isArray(result) ? result : result.rows;
    });
    expect(metrics.rowCount).toBeGreaterThan(100_000);
    const words = metrics.columns.find((c) => c.column === 'word');
    expect(words?.metrics.max_length).toBeGreaterThan(10);
    const counts = metrics.columns.find((c) => c.column === 'word_count');
    expect(Array.isArray(counts?.metrics.histogram)).toBe(true);
  });
});
