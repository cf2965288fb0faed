import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ConfigError, collectSecrets, type EngineEvent } from '@baselinr/core';
import { adapter } from './index.js';
import { quoteIdentifier } from './dialect.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_secrets');
  store = tempDir();
  await admin.query(`CREATE TABLE ${dataset.q}.t AS SELECT g AS id FROM generate_series(1, 3) g`);
  fake = await FakeBigQuery.start({ pg: PG });
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

/** Everything secret the fake's credentials and token exchange involve. */
function secrets(...extra: string[]): string[] {
  return [fake.oauth.clientSecret, fake.oauth.refreshToken, ...fake.oauth.accessTokens, ...extra];
}

/** The error as anything might print it: message, stack, own properties and causes, at any depth. */
function everythingIn(err: unknown): string {
  return `${String(err)}\n${inspect(err, { depth: Infinity, showHidden: true })}`;
}

function expectNoSecret(text: string, values: readonly string[]): void {
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) expect(text.includes(value), `a secret appears in: ${text.slice(0, 300)}`).toBe(false);
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('secrets never appear in errors', () => {
  it('declares the inline key as secret, and core collects every secret inside it', () => {
    const source = bigquerySource(fake, dataset.name);
    const collected = collectSecrets(source, adapter.secretOptions);
    expect([...collected]).toEqual(expect.arrayContaining([fake.oauth.clientSecret, fake.oauth.refreshToken]));
    const asText = bigquerySource(fake, dataset.name, { credentials: JSON.stringify(fake.credentials()) });
    expect([...collectSecrets(asText, adapter.secretOptions)]).toEqual([JSON.stringify(fake.credentials())]);
  });

  it('config errors about an inline key do not quote it', async () => {
    const marker = `private-${randomUUID()}`;
    for (const credentials of [`{"type": "service_account", "private_key": "${marker}"`, `["${marker}"]`, { private_key: marker }]) {
      const err = await rejection(connect(bigquerySource(fake, dataset.name, { credentials }), 'x'));
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('source.extra_params.credentials');
      expectNoSecret(everythingIn(err), [marker]);
    }
    const path = join(store.path, 'key.json');
    writeFileSync(path, '{}');
    const both = await rejection(connect({ ...bigquerySource(fake, dataset.name), credentials_path: path }, 'x'));
    expect((both as Error).message).toContain('not both');
    expectNoSecret(everythingIn(both), secrets());
  });

  it('a refused token exchange reports no client secret or refresh token', async () => {
    const wrong = `refresh-${randomUUID()}`;
    const config = engineConfig({ source: bigquerySource(fake, dataset.name, { credentials: fake.credentials(wrong) }) }, store.path);
    const err = await rejection(bigqueryEngine(config).profile());
    expect((err as Error).message).toContain('authentication failed');
    expectNoSecret(everythingIn(err), secrets(wrong));
  });

  it('failed queries report no access token, whether refused or broken', async () => {
    const session = await connect(bigquerySource(fake, dataset.name), `secrets-${randomUUID()}`);
    await session.execute('SELECT 1 AS m0');
    const issued = secrets();
    const broken = await rejection(session.execute(`SELECT COUNT(nope) AS m0 FROM ${[fake.project, dataset.name, 't'].map(quoteIdentifier).join('.')}`));
    fake.oauth.revokeAll();
    const refused = await rejection(session.execute('SELECT 1 AS m0'));
    expect((refused as Error).message).toContain('authentication failed');
    for (const err of [broken, refused]) expectNoSecret(everythingIn(err), issued);
  });

  it("a run's failures, retries and stored errors carry no secret", async () => {
    fake.injectFailure('jobs.query', { status: 503, reason: 'backendError', message: 'Backend Error', matching: 'AS m0' });
    fake.injectFailure('jobs.query', { status: 400, reason: 'invalidQuery', message: 'Syntax error: injected', matching: 'AS m0' });
    const config = engineConfig(
      { source: bigquerySource(fake, dataset.name), profiling: { tables: [{ schema: dataset.name, table: 't' }] }, retry: { retries: 2, min_backoff: 0.01, max_backoff: 0.02 } },
      store.path,
    );
    const engine = bigqueryEngine(config);
    const events: EngineEvent[] = [];
    engine.on('retry', (e) => events.push(e));
    engine.on('table_failed', (e) => events.push(e));
    const result = await engine.profile();
    expect(result.failed).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['retry', 'table_failed']);
    expectNoSecret(everythingIn(events) + everythingIn(result), secrets());
  });
});
