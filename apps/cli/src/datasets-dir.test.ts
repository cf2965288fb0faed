// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dataset files written with ${VAR} on purpose.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

// 40 rows over two days, so a partition filter and a sample each show in the plan.
const ddl =
  'CREATE TABLE orders (id INTEGER, event_date DATE); CREATE TABLE customers (id INTEGER);' +
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO orders SELECT i, CASE WHEN i <= 30 THEN '2024-01-01' ELSE '2024-01-02' END FROM n;";

/** A warehouse whose config reads `datasets/` (or `dir`), with the given dataset files beside it. */
function withDatasetFiles(files: Record<string, string>, datasets = 'datasets: { datasets_dir: datasets }'): Workspace {
  const w = smallWarehouse(ddl, `${datasets}\n`);
  for (const [path, text] of Object.entries(files)) {
    const file = join(w.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return w;
}

/** What `profile --dry-run` says of each table's rows (partition and sample), by table name. */
const rowsOf = async (w: Workspace) => {
  const run = await cli('profile', '--config', w.config, '--dry-run', '--json');
  expect(run.code, run.err).toBe(0);
  const tables = (JSON.parse(run.out) as { tables: Array<{ table: string; rowSelection?: { description: string } }> }).tables;
  return { rows: Object.fromEntries(tables.map((t) => [t.table, t.rowSelection?.description ?? 'every row'])) };
};

describe('datasets.datasets_dir', () => {
  it('profiles each table with the partition and sampling its file gives, relative to the config file', async () => {
    ws = withDatasetFiles({
      'datasets/orders.yml': 'table: orders\nprofiling:\n  partition: { key: event_date, strategy: latest }\n  sampling: { enabled: true, fraction: 0.5, max_rows: 7 }\n',
    });
    const other = await cli('validate-config', '--config', ws.config);
    expect(other.code).toBe(0);
    expect(other.out).toContain(`1 dataset file(s) read from ${join(ws.dir, 'datasets')}:\n  ${join(ws.dir, 'datasets', 'orders.yml')} (1 entry)`);
    const { rows } = await rowsOf(ws);
    expect(rows.orders).toMatch(/^latest partition of event_date .*; random 50% of rows, at most 7 rows /);
    expect(rows.customers).toBe('every row');
  });

  it('reads every file shape, recursively in path order, leaving out exclude_patterns and other extensions', async () => {
    ws = withDatasetFiles(
      {
        'datasets/a.yml': 'datasets:\n  - { table: orders }\n  - { table: customers }\n',
        'datasets/sub/b.yml': '- { schema: main }\n',
        'datasets/templates/t.yml': '{ table: template }\n',
        'datasets/c.backup.yml': '{ table: old }\n',
        'datasets/empty.yml': '',
        'datasets/notes.txt': 'not a dataset file',
      },
      'datasets: { datasets_dir: datasets, exclude_patterns: ["*.backup.yml", "**/templates/**"] }',
    );
    // A link to a file counts (Python's is_file() follows links); a dangling one is no file.
    writeFileSync(join(ws.dir, 'shared.yml'), '{ table: shared }\n');
    symlinkSync(join(ws.dir, 'shared.yml'), join(ws.dir, 'datasets', 'link.yml'));
    symlinkSync(join(ws.dir, 'gone.yml'), join(ws.dir, 'datasets', 'dangling.yml'));
    const run = await cli('validate-config', '--config', ws.config);
    expect(run.code, run.err).toBe(0);
    const listed = run.out.split('\n').filter((line) => line.startsWith('  '));
    expect(listed).toEqual([
      `  ${join(ws.dir, 'datasets', 'a.yml')} (2 entries)`,
      `  ${join(ws.dir, 'datasets', 'empty.yml')} (0 entries)`,
      `  ${join(ws.dir, 'datasets', 'link.yml')} (1 entry)`,
      `  ${join(ws.dir, 'datasets', 'sub', 'b.yml')} (1 entry)`,
    ]);
  });

  it('recursive: false and file_pattern read only the matching files at the top', async () => {
    ws = withDatasetFiles(
      { 'datasets/a.yaml': '{ table: orders }\n', 'datasets/b.yml': '{ table: customers }\n', 'datasets/sub/c.yaml': '{ table: x }\n' },
      'datasets: { datasets_dir: datasets, recursive: false, file_pattern: "*.yaml" }',
    );
    const run = await cli('validate-config', '--config', ws.config);
    expect(run.out).toContain(`1 dataset file(s) read from ${join(ws.dir, 'datasets')}:\n  ${join(ws.dir, 'datasets', 'a.yaml')} (1 entry)`);
  });

  it('merges inline entries with the files; of two equal entries the inline one applies, with a warning', async () => {
    ws = withDatasetFiles(
      {
        'datasets/orders.yml': 'table: orders\nprofiling: { sampling: { enabled: true, fraction: 0.25 } }\n',
        'datasets/customers.yml': 'table: customers\nprofiling: { sampling: { enabled: true, fraction: 0.5 } }\n',
      },
      'datasets:\n  datasets_dir: datasets\n  datasets: [{ table: orders, profiling: { sampling: { enabled: true, fraction: 0.1 } } }]',
    );
    const { rows } = await rowsOf(ws);
    expect(rows.orders).toMatch(/^random 10% of rows /);
    expect(rows.customers).toMatch(/^random 50% of rows /);
    const { err } = await cli('validate-config', '--config', ws.config);
    expect(err).toContain(`\`datasets\`: *.*.orders is given 2 times (the config file, ${join(ws.dir, 'datasets', 'orders.yml')}); the first applies`);
  });

  it('refuses a file that is not YAML with exit 2, naming the file and line, before connecting', async () => {
    ws = withDatasetFiles({ 'datasets/good.yml': '{ table: orders }\n', 'datasets/bad.yml': 'table: orders\nprofiling: { sampling: [\n' });
    const run = await cli('profile', '--config', ws.config);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${join(ws.dir, 'datasets', 'bad.yml')}: not valid YAML:`);
    expect(run.err).toMatch(/line 3/);
    expect(run.err).toContain('fix the file, or leave it out with datasets.exclude_patterns');
    expect(existsSync(join(ws.dir, '.baselinr'))).toBe(false);
  });

  it('checks each file as inline entries are, listing every problem with its file', async () => {
    ws = withDatasetFiles({
      'datasets/a.yml': '- { table: orders, profiling: { sampling: { fraction: 2 } } }\n- { profiling: {} }\n',
      'datasets/b.yml': '{ table: customers, profiling: { samplng: {} } }\n',
    });
    const run = await cli('validate-config', '--config', ws.config);
    expect(run.code).toBe(2);
    const a = join(ws.dir, 'datasets', 'a.yml');
    expect(run.err).toContain(`${a}: entry 1: profiling.sampling.fraction: must be at most 1, got 2`);
    expect(run.err).toContain(`${a}: entry 2: give at least one of \`database\`, \`schema\` or \`table\``);
    expect(run.err).toContain(`${join(ws.dir, 'datasets', 'b.yml')}: entry 1: profiling.samplng: unknown key; did you mean \`sampling\`?`);
  });

  it("sets aside a file's Baselinr-only keys with a warning naming the file; --strict refuses them", async () => {
    ws = withDatasetFiles({ 'datasets/a.yml': '{ table: orders, drift: { strategy: absolute_threshold } }\n' });
    const file = join(ws.dir, 'datasets', 'a.yml');
    const lenient = await cli('validate-config', '--config', ws.config);
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain(`warn: ${file}: \`drift\`: a Baselinr setting this version does not support; ignored`);
    const strict = await cli('validate-config', '--config', ws.config, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.err).toContain(`${file}: \`drift\`: a Baselinr setting this version does not support (refused by --strict)`);
  });

  it('warns about a missing directory and goes on, as Baselinr does; a file in its place is refused', async () => {
    ws = withDatasetFiles({}, 'datasets: { datasets_dir: nowhere }');
    const missing = await cli('validate-config', '--config', ws.config);
    expect(missing.code).toBe(0);
    expect(missing.err).toContain(`warn: \`datasets.datasets_dir\`: ${join(ws.dir, 'nowhere')} does not exist; no dataset files read`);
    expect(missing.out).toContain('0 dataset file(s) read from');
    ws.cleanup();
    ws = withDatasetFiles({ 'plain.yml': '{ table: orders }\n' }, 'datasets: { datasets_dir: plain.yml }');
    const notDir = await cli('validate-config', '--config', ws.config);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toContain(`${join(ws.dir, 'plain.yml')} is not a directory`);
  });

  it('keeps ${VAR} in dataset files as written, as Baselinr does, with a warning; the config file itself is interpolated', async () => {
    ws = withDatasetFiles({ 'datasets/a.yml': '{ table: "${ORDERS_TABLE}" }\n' }, 'datasets: { datasets_dir: "${DATASETS_DIR:-datasets}" }');
    const run = await cli('validate-config', '--config', ws.config);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`${join(ws.dir, 'datasets', 'a.yml')} (1 entry)`);
    expect(run.err).toContain('`${VAR}` references are kept as written in dataset files, as in Baselinr');
  });

  it('refuses the directory settings without datasets_dir', async () => {
    ws = withDatasetFiles({}, 'datasets: { recursive: false }');
    const run = await cli('validate-config', '--config', ws.config);
    expect(run.code).toBe(2);
    expect(run.err).toContain('datasets.recursive: says how `datasets_dir` is read; give `datasets_dir` too, or remove it');
  });
});
