import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgScratch, PG, type PgScratch } from '../../../tests/pg-support.js';
import { cli } from './test-support/cli-harness.js';

/** Values JSON cannot hold and a double cannot hold exactly, on the real PostgreSQL. */
let scratch: PgScratch;
let config: string;

beforeAll(async () => {
  scratch = await pgScratch('h17_values');
  const t = `"${scratch.schema}".odd`;
  await scratch.sql(`CREATE TABLE ${t} (f float8, huge numeric, big bigint, fine float8)`);
  await scratch.sql(`INSERT INTO ${t} VALUES ('NaN', 1, 9007199254740993, 1), ('-Infinity', 10::numeric ^ 400, 9223372036854775807, 2), (1.5, 2, 9007199254740994, 3)`);
  config = join(scratch.dir, 'config.yml');
  writeFileSync(
    config,
    `source: { type: postgres, host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, username: ${PG.user}, schema: ${scratch.schema} }\n` +
      `storage: { connection: { type: sqlite, filepath: results.db } }\n`,
  );
});
afterAll(() => scratch?.drop());

describe('values that JSON and doubles cannot hold', () => {
  it('--json shows NaN and -Infinity as strings, not null, and says why each histogram is missing', async () => {
    const run = await cli('profile', '--config', config, '--json');
    expect(run.code).toBe(0);
    const columns = Object.fromEntries(JSON.parse(run.out).tables[0].columns.map((c: { name: string }) => [c.name, c]));
    expect(columns.f.metrics).toMatchObject({ min: '-Infinity', max: 'NaN', mean: 'NaN', histogram: null });
    expect(columns.f.note).toBe('no histogram: the column holds NaN');
    expect(columns.huge.metrics.histogram).toBeNull();
    expect(columns.huge.note).toBe('no histogram: values are infinite or beyond a double');
    expect(columns.big.metrics).toMatchObject({ min: '9007199254740993', max: '9223372036854775807' });
    expect(columns.fine.metrics.histogram).toHaveLength(10);
    expect(columns.fine.note).toBeUndefined();

    const report = join(scratch.dir, 'report.html');
    expect((await cli('report', '--config', config, '--out', report)).code).toBe(0);
    const page = readFileSync(report, 'utf8');
    expect(page).toContain('no histogram: the column holds NaN');
    expect(page).toContain('no histogram: values are infinite or beyond a double');
  });

  it('query table shows big integers exactly, in every column and view', async () => {
    const second = await cli('profile', '--config', config);
    expect(second.code).toBe(0);
    const overview = await cli('query', 'table', 'odd', '--config', config);
    expect(overview.code).toBe(0);
    const maxRow = overview.out.split('\n').find((l) => /^big\s+max\s/.test(l))!;
    expect(maxRow.match(/9223372036854775807/g)).toHaveLength(4); // first, latest, min, max
    const minRow = overview.out.split('\n').find((l) => /^big\s+min\s/.test(l))!;
    expect(minRow.match(/9007199254740993/g)).toHaveLength(4);
    expect(overview.out).not.toMatch(/9223372036854776000|9007199254740992/);
    const one = await cli('query', 'table', 'odd', '--config', config, '--column', 'big', '--metric', 'max');
    expect(one.out).toContain('9223372036854775807');
    expect(one.out).not.toContain('9223372036854776000');
    const json = JSON.parse((await cli('query', 'table', 'odd', '--config', config, '--json', '--column', 'big', '--metric', 'min')).out);
    expect(json.series[0].points.map((p: { value: string }) => p.value)).toEqual(['9007199254740993', '9007199254740993']);
  });
});
