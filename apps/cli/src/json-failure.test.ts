import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './test-support/cli-harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-json-failure-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(source: string): string {
  const path = join(dir, 'config.yml');
  writeFileSync(path, `source: ${source}\nstorage: { connection: { type: sqlite, filepath: results.db } }\n`);
  return path;
}

const password = 'Xq7-never-printed';

describe('--json prints a JSON document on stdout when the run fails early', () => {
  const cases: Array<[string, string, number, string, RegExp]> = [
    [
      'connection refused',
      `{ type: postgres, host: 127.0.0.1, port: 1, database: test, username: postgres, password: ${password} }`,
      1,
      'WAREHOUSE_ERROR',
      /ECONNREFUSED|refused/i,
    ],
    [
      'an unknown role (authentication)',
      `{ type: postgres, host: 127.0.0.1, port: 5432, database: test, username: no_such_role_h17, password: ${password} }`,
      1,
      'WAREHOUSE_ERROR',
      /no_such_role_h17/,
    ],
    ['bad config', '{ type: sqlite, filepath: w.db, port: 99999 }', 2, 'CONFIG_INVALID', /source\.port: must be at most 65535/],
    ['a missing adapter package', '{ type: oracle }', 2, 'ADAPTER_NOT_FOUND', /not installed/],
  ];
  for (const [name, source, exitCode, code, message] of cases) {
    it(name, async () => {
      const run = await cli('profile', '--config', config(source), '--json');
      expect(run.code).toBe(exitCode);
      const document = JSON.parse(run.out);
      expect(document).toMatchObject({ status: 'error', exitCode });
      expect(document.error.code).toMatch(new RegExp(`^(${code})$`));
      expect(document.error.message).toMatch(message);
      expect(run.out + run.err).not.toContain(password);
    });
  }

  it('plan --json too; without --json stdout stays empty', async () => {
    const path = config('{ type: postgres, host: 127.0.0.1, port: 1, database: test }');
    const plan = await cli('plan', '--config', path, '--json');
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.out)).toMatchObject({ status: 'error', exitCode: 1 });
    const text = await cli('profile', '--config', path);
    expect(text.code).toBe(1);
    expect(text.out).toBe('');
  });
});
