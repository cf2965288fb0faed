import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pgScratch, PG, type PgScratch } from '../../../tests/pg-support.js';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
let scratch: PgScratch | undefined;
afterEach(async () => {
  ws?.cleanup();
  await scratch?.drop();
  [ws, scratch] = [undefined, undefined];
});

describe('the profile summary names the results store', () => {
  it('a SQLite store by its absolute path, in text and --json', async () => {
    ws = smallWarehouse('CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1);');
    const text = await cli('profile', '--config', ws.config);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`Results stored in sqlite ${join(ws.dir, '.baselinr/results.db')} (table baselinr_results)`);
    const json = JSON.parse((await cli('profile', '--config', ws.config, '--json')).out);
    expect(json.resultsStore).toBe(`sqlite ${join(ws.dir, '.baselinr/results.db')} (table baselinr_results)`);
  });

  it('a PostgreSQL store by user, host, port and database, never its password', async () => {
    scratch = await pgScratch('h17_store');
    await scratch.sql(`CREATE TABLE "${scratch.schema}".t (id int); INSERT INTO "${scratch.schema}".t VALUES (1)`);
    const password = 'Kq4-store-secret';
    const connection = `{ type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, password: ${password}, schema: ${scratch.schema} }`;
    const config = join(scratch.dir, 'config.yml');
    writeFileSync(config, `source: ${connection}\nstorage: { connection: ${connection} }\n`);
    const run = await cli('profile', '--config', config);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Results stored in postgres ${PG.user}@${PG.host}:${PG.port}/${PG.database} (table ${scratch.schema}.baselinr_results)`);
    expect(run.out + run.err).not.toContain(password);
  });
});
