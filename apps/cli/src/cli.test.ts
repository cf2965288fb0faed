import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let dir: string;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out: () => out.join('\n'), err: () => err.join('\n') };
}

function writeConfig(body: string): string {
  const path = join(dir, 'config.yml');
  writeFileSync(path, body);
  return path;
}

const base = (extra = '') => `source: { type: sqlite, filepath: warehouse.db }\nstorage: { connection: { type: sqlite, filepath: .baselinr/results.db } }\n${extra}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-cli-'));
  const db = new Database(join(dir, 'warehouse.db'));
  const columns = Array.from({ length: 10 }, (_, i) => `c${i} ${['INTEGER', 'TEXT', 'REAL', 'DATE', 'DECIMAL(10,2)'][i % 5]}`).join(', ');
  for (const t of ['wide_a', 'wide_b', 'wide_c']) {
    db.exec(`CREATE TABLE ${t} (${columns})`);
    const insert = db.prepare(`INSERT INTO ${t} VALUES (${Array(10).fill('?').join(', ')})`);
    for (let r = 0; r < 50; r++) insert.run(...Array.from({ length: 10 }, (_, i) => (r % 7 === i ? null : [r, `v${r}`, r / 4, '2024-01-01', r * 1.5][i % 5])));
  }
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('baselinr profile', () => {
  it('profiles with 1 worker on SQLite and says why, with a summary line', async () => {
    const c = capture();
    const code = await runCli(['profile', '--config', writeConfig(base('execution: { max_workers: 8 }'))], c.io);
    expect(code).toBe(0);
    expect(c.err()).toMatch(/workers 8 -> 1 \(adapter_ceiling\): sqlite adapter ceiling is 1: SQLite allows a single writer/);
    expect(c.out()).toMatch(/main\.wide_a\s+succeeded\s+50\s+10\s+2/);
    expect(c.out()).toContain('Profiling completed: 3 succeeded, 0 failed');
    expect(existsSync(join(dir, '.baselinr/results.db'))).toBe(true);
  });

  it('--json gives per-table statement counts (at most 2 for 10 columns) and timings', async () => {
    const c = capture();
    const code = await runCli(['profile', '--config', writeConfig(base()), '--json', '--table', 'wide_b'], c.io);
    expect(code).toBe(0);
    const result = JSON.parse(c.out());
    expect(result.tables).toHaveLength(1);
    expect(result.tables[0]).toMatchObject({ table: 'wide_b', status: 'succeeded', rowCount: 50, columnCount: 10 });
    expect(result.tables[0].statementCount).toBeLessThanOrEqual(2);
    expect(result.tables[0].statements.every((s: { durationMs: number }) => s.durationMs >= 0)).toBe(true);
    expect(result.workers).toMatchObject({ requested: 1, effective: 1 });
  });

  it('exits 1 when a table fails, after profiling the others', async () => {
    const c = capture();
    const code = await runCli(['profile', '--config', writeConfig(base('profiling: { tables: [{ table: wide_a }, { table: ghost }] }'))], c.io);
    expect(code).toBe(1);
    expect(c.out()).toContain('Profiling completed: 1 succeeded, 1 failed');
    expect(c.out()).toContain('main.ghost: table not found in the catalog');
  });
});

describe('bad input exits 2 before anything connects or is written', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['max_workers above 64', base('execution: { max_workers: 100 }'), /execution\.max_workers: must be at most 64, got 100/],
    ['an unknown key', base('execution: { max_worker: 4 }'), /execution\.max_worker: unknown key; did you mean `max_workers`\?/],
    ['a missing source', 'execution: { max_workers: 2 }', /source: is required/],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const c = capture();
      expect(await runCli(['profile', '--config', writeConfig(body)], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(readdirSync(dir).sort()).toEqual(['config.yml', 'warehouse.db']);
    });
  }

  it('a missing adapter package names the package to install', async () => {
    const c = capture();
    expect(await runCli(['plan', '--config', writeConfig('source: { type: teradata, host: x }')], c.io)).toBe(2);
    expect(c.err()).toContain('install it with `npm install baselinr-adapter-teradata`');
  });

  it('bad flags are usage errors', async () => {
    const c = capture();
    expect(await runCli(['profile', '--config', writeConfig(base()), '--workers', '0'], c.io)).toBe(2);
    expect(c.err()).toContain('must be a whole number from 1 to 64');
    expect(await runCli(['profile'], c.io)).toBe(2);
    expect(c.err()).toContain("required option '-c, --config <file>' not specified");
  });

  it('the installed binary exits 2 too', () => {
    const run = spawnSync(process.execPath, [bin, 'validate-config', '--config', writeConfig(base('execution: { max_workers: 100 }'))], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('execution.max_workers: must be at most 64, got 100');
  });
});

describe('baselinr plan and validate-config', () => {
  it('plan shows the tables, effective workers with the clamp, and the pool', async () => {
    const c = capture();
    expect(await runCli(['plan', '--config', writeConfig(base('execution: { max_workers: 8 }'))], c.io)).toBe(0);
    expect(c.out()).toContain('Workers: 1 effective (requested 8 by execution.max_workers)');
    expect(c.out()).toContain('clamp: workers 8 -> 1 (adapter_ceiling)');
    expect(c.out()).toMatch(/Pool: 1 connection\(s\)/);
    expect(c.out()).toContain('3 table(s) selected');
  });

  it('validate-config accepts a good file without creating anything', async () => {
    const c = capture();
    expect(await runCli(['validate-config', '--config', writeConfig(base())], c.io)).toBe(0);
    expect(c.out()).toContain('valid');
    expect(readdirSync(dir).sort()).toEqual(['config.yml', 'warehouse.db']);
  });

  it('--version and --help exit 0', async () => {
    const c = capture();
    expect(await runCli(['--version'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCli(['profile', '--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--workers <n>');
  });
});

describe('logs', () => {
  const secret = 's3cr3t-pass';
  for (const format of ['pretty', 'json']) {
    it(`never contain the password (${format})`, async () => {
      const c = capture();
      const body = `source: { type: sqlite, filepath: missing-${secret}.db, password: ${secret} }\nstorage: { connection: { type: sqlite, filepath: r.db, password: ${secret} } }`;
      const code = await runCli(['profile', '--config', writeConfig(body), '--log-format', format, '--json'], c.io);
      expect(code).toBe(2);
      const everything = c.out() + c.err();
      expect(everything).toContain('no SQLite database at');
      expect(everything).not.toContain(secret);
      if (format === 'json')
        for (const line of c
          .err()
          .split('\n')
          .filter((l) => l.startsWith('{')))
          expect(JSON.parse(line)).toHaveProperty('level');
    });
  }

  it('--log-format json gives one JSON object per progress line; --quiet keeps only the summary', async () => {
    const c = capture();
    expect(await runCli(['profile', '--config', writeConfig(base()), '--log-format', 'json'], c.io)).toBe(0);
    const records = c
      .err()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      records
        .filter((r) => r.status === 'succeeded')
        .map((r) => r.table)
        .sort(),
    ).toEqual(['main.wide_a', 'main.wide_b', 'main.wide_c']);
    const quiet = capture();
    expect(await runCli(['profile', '--config', writeConfig(base()), '--quiet'], quiet.io)).toBe(0);
    expect(quiet.err()).not.toContain('main.wide_a');
    expect(quiet.out()).toContain('Profiling completed: 3 succeeded, 0 failed');
  });
});
