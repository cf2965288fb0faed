import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ConfigError, collectSecrets, errorMessage } from '@baselinr/core';
import { adapter, parseRedshiftOptions } from './index.js';
import { DataApiError, type FakeDataApi } from './test-support/fake-data-api/server.js';
import { REGION, connect, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials } from './test-support/harness.js';

/** The server knows these; the client below signs with the right key id and token but a wrong secret. */
const credentials = testCredentials(true);
const wrong = { ...credentials, secretAccessKey: `wrong-${randomBytes(16).toString('hex')}` };
let fake: FakeDataApi;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  fake = await startFake(credentials);
  store = tempDir();
});

afterAll(async () => {
  await fake?.close();
  store?.remove();
});

/** Everything anyone could print about an error: message, stack, causes and properties. */
function everything(err: unknown): string {
  return `${errorMessage(err)}\n${inspect(err, { depth: 8, showHidden: true })}`;
}

function expectNoSecret(text: string): void {
  for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken!, wrong.secretAccessKey]) {
    expect(text.includes(secret), 'a credential leaked').toBe(false);
  }
}

describe('secrets in errors', () => {
  it('the service quotes the signed request (session token included) when a signature is wrong', async () => {
    // The raw SDK, without the adapter: shows what the adapter has to keep out of its errors.
    const client = new RedshiftDataClient({ region: REGION, endpoint: fake.url, credentials: wrong, maxAttempts: 1 });
    const raw = await client.send(new ExecuteStatementCommand({ Sql: 'SELECT 1', ClusterIdentifier: fake.clusterIdentifier, Database: fake.database })).catch((e: unknown) => e);
    client.destroy();
    expect(errorMessage(raw)).toContain(credentials.sessionToken);
  });

  it("the adapter's error says what failed, without the token, the keys or the secret", async () => {
    const session = await connect(redshiftSource(fake, wrong));
    const err = await session.execute('SELECT 1 AS m0').catch((e: unknown) => e);
    await session.close();
    expect(errorMessage(err)).toMatch(/signature we calculated does not match/);
    expectNoSecret(everything(err));
  });

  it('redacts a credential the service quotes in the first line of its message', async () => {
    fake.failNext('ExecuteStatement', new DataApiError(400, 'AccessDeniedException', `Token ${credentials.sessionToken} of key ${credentials.accessKeyId} is not allowed.`));
    const session = await connect(redshiftSource(fake, credentials));
    const err = await session.execute('SELECT 1 AS m0').catch((e: unknown) => e);
    await session.close();
    expect(errorMessage(err)).toMatch(/Token \*\*\* of key \*\*\* is not allowed/);
    expectNoSecret(everything(err));
  });

  it('a run that cannot list tables fails with a clean message', async () => {
    const config = runConfig(redshiftSource(fake, wrong), { profiling: { tables: [{ schema: 'public', select_schema: true }] } }, store.path);
    const err = await engine(config)
      .profile()
      .catch((e: unknown) => e);
    expect(errorMessage(err)).toMatch(/InvalidSignatureException/);
    expectNoSecret(everything(err));
  });

  it('config errors name the keys, never their values', () => {
    const extra = { ...redshiftSource(fake, credentials).extra_params, access_key_id: undefined, secret_access_key: 12345 };
    let err: unknown;
    try {
      parseRedshiftOptions({ ...redshiftSource(fake, credentials), password: credentials.secretAccessKey, extra_params: extra });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(errorMessage(err)).toMatch(/secret_access_key/);
    expectNoSecret(everything(err));
  });

  it('declares the credential keys as secrets, so core redacts their values everywhere', () => {
    const found = collectSecrets(redshiftSource(fake, credentials), adapter.secretOptions);
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken!]) expect(found.has(secret)).toBe(true);
  });
});
