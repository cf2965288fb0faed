import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './test-support/cli-harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-typo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(body: string): string {
  const path = join(dir, 'config.yml');
  writeFileSync(path, body);
  return path;
}

describe('a typo in a connection type', () => {
  for (const [typo, meant] of [
    ['postgress', 'postgres'],
    ['sqllite', 'sqlite'],
    ['MySq', 'mysql'],
    ['duck', 'duckdb'],
    ['snowflak', 'snowflake'],
  ]) {
    it(`${typo}: suggests the built-in ${meant}, never an install of a package named after the typo`, async () => {
      const run = await cli('plan', '--config', config(`source: { type: ${typo}, host: x }\nstorage: { connection: { type: sqlite, filepath: r.db } }\n`));
      expect(run.code).toBe(2);
      expect(run.err).toContain(`did you mean \`${meant}\`?`);
      expect(run.err).not.toContain('npm install');
      expect(run.err).not.toContain(`baselinr-adapter-${typo}`);
    });
  }

  it('offers the third-party naming rule only when no built-in type is close', async () => {
    const run = await cli('plan', '--config', config('source: { type: teradata, host: x }\n'));
    expect(run.code).toBe(2);
    expect(run.err).toContain('install it with `npm install baselinr-adapter-teradata`');
    expect(run.err).not.toContain('did you mean');
  });

  it('validate-config warns when the source or store adapter package is not installed, and still validates', async () => {
    const run = await cli('validate-config', '--config', config('source: { type: postgress, host: x }\nstorage: { connection: { type: teradata } }\n'));
    expect(run.code).toBe(0);
    expect(run.out).toContain('valid (source postgress');
    expect(run.err).toMatch(/^warn: source: type "postgress" is not a built-in type; did you mean `postgres`\?/m);
    expect(run.err).toMatch(/^warn: storage\.connection: the adapter package baselinr-adapter-teradata is not installed/m);
    const fine = await cli('validate-config', '--config', config('source: { type: sqlite, filepath: w.db }\n'));
    expect(fine.code).toBe(0);
    expect(fine.err).toBe('');
  });
});
