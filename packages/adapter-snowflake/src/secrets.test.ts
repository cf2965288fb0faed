import './test-support/sdk-env.js';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { ConnectionConfig, EngineEvent } from '@baselinr/core';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, sourceConnection, tempDir } from './test-support/harness.js';

const PASSPHRASE = 'Passphrase-never-shown-41c2';
const TOKEN = 'oauth-token-never-shown-9d0e';
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
  .toString();
const KEY_BODY = privateKey.split('\n')[1]!;

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;

function expectNoSecret(text: string): void {
  for (const secret of [USER.password, PASSPHRASE, TOKEN, KEY_BODY]) expect(text).not.toContain(secret);
}

/** Runs the engine and returns everything a user could see: the thrown error or the result, and every event. */
async function run(source: ConnectionConfig): Promise<{ error?: Error; seen: string }> {
  const config = engineConfig({ source, profiling: { tables: [{ select_schema: true }] }, retry: { retries: 1, min_backoff: 0, max_backoff: 0 } }, store.path);
  const profiler = engine(config);
  const events: EngineEvent[] = [];
  for (const type of ['retry', 'table_failed', 'table_completed'] as const) profiler.on(type, (e) => events.push(e));
  try {
    const result = await profiler.profile();
    return { seen: JSON.stringify({ result, events }) };
  } catch (err) {
    return { error: err as Error, seen: JSON.stringify({ message: (err as Error).message, events }) };
  }
}

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_secrets');
  store = tempDir();
  await admin.query(`CREATE TABLE ${schema.q}."T" ("ID" int4)`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('secrets never appear in what a run reports', () => {
  it('a refused password', async () => {
    const { error, seen } = await run(sourceConnection(fake, schema.name, { username: 'NOBODY' }));
    expect(error?.message).toMatch(/Incorrect username or password/);
    expectNoSecret(seen);
  });

  it('a key whose passphrase is wrong', async () => {
    const source = sourceConnection(fake, schema.name, { password: undefined, extra_params: { private_key: privateKey, private_key_passphrase: `${PASSPHRASE}-wrong` } });
    const { error, seen } = await run(source);
    expect(error?.message).toMatch(/could not log in/);
    expectNoSecret(seen);
  });

  it('a refused OAuth token', async () => {
    const { error, seen } = await run(sourceConnection(fake, schema.name, { password: undefined, username: undefined, extra_params: { token: TOKEN } }));
    expect(error?.message).toMatch(/Invalid OAuth access token/);
    expectNoSecret(seen);
  });

  it('a server message that echoes the password, in events, the outcome and the results store', async () => {
    // The server answers the aggregate statement with a message quoting the password: an internal
    // error, so retried once (retries: 1) and answered the same way, and the table fails.
    const echo = { code: '000603', sqlState: 'XX000', message: `SQL execution internal error: login ${USER.password} rejected` };
    fake.injectFault('result', echo, 2, (sql) => sql.startsWith('SELECT COUNT(*)'));
    const quiet = run(sourceConnection(fake, schema.name));
    const { seen } = await quiet;
    expect(seen).toContain('SQL execution internal error: login *** rejected');
    expectNoSecret(seen);
    const stored = new Database(join(store.path, 'r.db'), { readonly: true });
    try {
      const errors = stored.prepare('SELECT error_message AS error FROM baselinr_runs WHERE error_message IS NOT NULL').all() as Array<{ error: string }>;
      expect(errors.length).toBeGreaterThan(0);
      for (const { error } of errors) expectNoSecret(error);
    } finally {
      stored.close();
    }
  });
});
