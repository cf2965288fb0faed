import './test-support/sdk-env.js';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarehouseError, type ConnectionConfig } from '@baselinr/core';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { openSession, sourceConnection, tempDir } from './test-support/harness.js';

const KEY_USER = 'KEY_PROFILER';
const OAUTH_USER = 'OAUTH_PROFILER';
const OAUTH_TOKEN = `oauth-${randomBytes(16).toString('hex')}`;
const PASSPHRASE = `pass-${randomBytes(8).toString('hex')}`;

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const registered = rsa();
const stranger = rsa();
const pem = (key: ReturnType<typeof rsa>['privateKey'], passphrase?: string) =>
  key.export({ type: 'pkcs8', format: 'pem', ...(passphrase ? { cipher: 'aes-256-cbc', passphrase } : {}) }).toString();

let fake: FakeSnowflake;
let dir: ReturnType<typeof tempDir>;
let keyFile: string;

beforeAll(async () => {
  dir = tempDir();
  keyFile = join(dir.path, 'rsa_key.p8');
  writeFileSync(keyFile, pem(registered.privateKey), { mode: 0o600 });
  fake = await FakeSnowflake.start({
    users: [
      { name: KEY_USER, publicKeyPem: registered.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      { name: OAUTH_USER, oauthToken: OAUTH_TOKEN },
    ],
  });
});

afterAll(async () => {
  await fake?.stop();
  dir?.remove();
});

/** A source without a password, logging in with the given user and extra_params. */
function connection(username: string | undefined, extra: Record<string, unknown>): ConnectionConfig {
  return sourceConnection(fake, 'PUBLIC', { username, password: undefined, extra_params: extra });
}

/** Logs in, runs one statement, logs out; returns how the server saw the login. */
async function loginAndQuery(source: ConnectionConfig) {
  const session = await openSession(source);
  try {
    expect((await session.execute('SELECT 1 AS one')).rows).toEqual([{ ONE: '1' }]);
  } finally {
    await session.close();
  }
  return fake.logins.at(-1)!;
}

describe('authenticators', () => {
  it('key pair from a private key file', async () => {
    expect(await loginAndQuery(connection(KEY_USER, { private_key_path: keyFile }))).toMatchObject({ user: KEY_USER, authenticator: 'SNOWFLAKE_JWT' });
  });

  it('key pair from encrypted PEM text and its passphrase, also with line breaks written as \\n', async () => {
    const encrypted = pem(registered.privateKey, PASSPHRASE);
    expect(await loginAndQuery(connection(KEY_USER, { private_key: encrypted, private_key_passphrase: PASSPHRASE }))).toMatchObject({ authenticator: 'SNOWFLAKE_JWT' });
    const escaped = encrypted.replaceAll('\n', '\\n');
    expect(await loginAndQuery(connection(KEY_USER, { private_key: escaped, private_key_passphrase: PASSPHRASE }))).toMatchObject({ authenticator: 'SNOWFLAKE_JWT' });
  });

  it('OAuth access token, without a user name', async () => {
    expect(await loginAndQuery(connection(undefined, { token: OAUTH_TOKEN }))).toMatchObject({ user: OAUTH_USER, authenticator: 'OAUTH' });
  });

  it('refuses a key the user did not register: authentication failed', async () => {
    const err = await openSession(connection(KEY_USER, { private_key: pem(stranger.privateKey) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ kind: 'authentication_failed', driverCode: '390144' });
  });

  it('refuses an unknown OAuth token: authentication failed', async () => {
    const err = await openSession(connection(undefined, { token: 'not-a-token' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ kind: 'authentication_failed', driverCode: '390303' });
  });
});
