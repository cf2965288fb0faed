import { describe, expect, it } from 'vitest';
import type { TableDescription } from '../adapter/types.js';
import { createDialect, hashSample } from '../adapter/dialect.js';
import { parseConfigText } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { resolveRowSelection } from './row-selection.js';
import { describeRowSelection, rowSource } from './row-source.js';

const ansi = createDialect({ identifierQuote: '"' });
const events: TableDescription = {
  schema: 's',
  table: 'events',
  columns: [
    { name: 'id', dataType: 'integer', kind: 'integer' },
    { name: 'created_date', dataType: 'date', kind: 'temporal' },
  ],
};
const configOf = (yaml: string) => parseConfigText(`source: { type: sqlite, filepath: w.db, database: warehouse }\n${yaml}`, { env: {} });

function problemsOf(yaml: string): readonly string[] {
  try {
    configOf(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('config was accepted');
}

describe('row selection from the config', () => {
  it('takes the most specific matching dataset, database first, as Baselinr does', () => {
    const config = configOf(`datasets:
  datasets:
    - { schema: s, profiling: { sampling: { enabled: true, fraction: 0.2 } } }
    - { database: warehouse, profiling: { sampling: { enabled: true, fraction: 0.3 } } }
    - { database: other, table: events, profiling: { sampling: { enabled: true, fraction: 0.4 } } }
`);
    expect(resolveRowSelection(config, events).sampling).toEqual({ method: 'random', fraction: 0.3, setBy: 'datasets.sampling' });
  });

  it('ignores a dataset sampling that is not enabled, as Baselinr does, and falls back to the ratios', () => {
    const config = configOf(`profiling: { default_sample_ratio: 0.5 }
datasets: { datasets: [{ table: events, profiling: { sampling: { fraction: 0.2 } } }] }
`);
    expect(resolveRowSelection(config, events).sampling).toEqual({ method: 'random', fraction: 0.5, setBy: 'default_sample_ratio' });
  });

  it('warns about a sample_ratio on a pattern entry (Baselinr ignores it there) and applies the default', () => {
    const warnings: string[] = [];
    const config = parseConfigText('source: { type: sqlite, filepath: w.db }\nprofiling: { tables: [{ pattern: "e*", sample_ratio: 0.5 }] }\n', {
      env: {},
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([expect.stringContaining('`profiling.tables[].sample_ratio` on an entry without `table`: applies only to a named table; ignored')]);
    expect(resolveRowSelection(config, events).sampling).toBeUndefined();
  });

  it("infers a date column's key, and says so", () => {
    const config = configOf('datasets: { datasets: [{ table: events, profiling: { partition: { strategy: latest } } }] }\n');
    const selection = resolveRowSelection(config, events);
    expect(selection.partition).toEqual({ key: 'created_date', strategy: 'latest' });
    expect(selection.notes).toEqual(['partition key created_date inferred (no datasets[].profiling.partition.key)']);
  });

  it('profiles the latest partition of a table that requires a partition filter, from the partitions the catalog listed', () => {
    const required: TableDescription = { ...events, partitioning: { column: 'created_date', requireFilter: true, newestStarts: ['2024-03-02', '2024-03-01'] } };
    const selection = resolveRowSelection(configOf(''), required);
    expect(selection.partition).toEqual({ key: 'created_date', strategy: 'latest' });
    expect(rowSource(required, selection, ansi).from).toBe(`(SELECT * FROM "s"."events" WHERE "created_date" >= '2024-03-02') AS baselinr_rows`);
    const recent = resolveRowSelection(
      configOf('datasets: { datasets: [{ table: events, profiling: { partition: { key: created_date, strategy: recent_n, recent_n: 5 } } }] }\n'),
      required,
    );
    expect(rowSource(required, recent, ansi).from).toContain(`WHERE "created_date" >= '2024-03-01'`);
  });

  it('stratifies by the partition key; without one, and for topk, samples at random and says why', () => {
    const sampled = (method: string, partition = '') =>
      resolveRowSelection(
        configOf(`datasets: { datasets: [{ table: events, profiling: { ${partition}sampling: { enabled: true, method: ${method}, fraction: 0.2 } } }] }\n`),
        events,
      );
    expect(sampled('stratified', 'partition: { key: id }, ').sampling).toEqual({ method: 'stratified', key: 'id', fraction: 0.2, setBy: 'datasets.sampling' });
    const keyless = sampled('stratified');
    expect(keyless.sampling).toEqual({ method: 'random', fraction: 0.2, setBy: 'datasets.sampling' });
    expect(keyless.notes).toEqual([expect.stringContaining('set datasets[].profiling.partition.key')]);
    const topk = sampled('topk', 'partition: { key: id }, ');
    expect(topk.sampling).toEqual({ method: 'random', fraction: 0.2, setBy: 'datasets.sampling' });
    expect(topk.notes).toEqual(['sampling method topk names no column to rank rows by: rows drawn at random, as Baselinr does']);
  });

  it('refuses incomplete partition settings and ratios out of range, naming the fix', () => {
    expect(problemsOf('datasets: { datasets: [{ table: events, profiling: { partition: { key: d, strategy: recent_n } } }] }\n')).toEqual([
      'datasets.datasets.0.profiling.partition.recent_n: give `recent_n` (how many of the newest partitions) with `strategy: recent_n`',
    ]);
    expect(problemsOf('profiling: { default_sample_ratio: 0 }\n')[0]).toContain('profiling.default_sample_ratio');
  });
});

describe('rowSource', () => {
  it('reads the table itself when nothing narrows the rows', () => {
    expect(rowSource(events, { notes: [] }, ansi).from).toBe('"s"."events"');
  });

  it('puts the sample clause after the table, then the filter and the cap, in one derived table', () => {
    const { from, applied } = rowSource(
      events,
      {
        partition: { key: 'id', strategy: 'specific_values', values: ["it's", 7, true] },
        sampling: { method: 'random', fraction: 0.07, maxRows: 10, setBy: 'datasets.sampling' },
        notes: [],
      },
      ansi,
    );
    expect(from).toBe(`(SELECT * FROM "s"."events" TABLESAMPLE BERNOULLI (7) REPEATABLE (1) WHERE "id" IN ('it''s', 7, TRUE) LIMIT 10) AS baselinr_rows`);
    expect(describeRowSelection(applied)).toBe(
      `partitions of id in "it's", 7, true (WHERE "id" IN ('it''s', 7, TRUE)); random 7% of rows, at most 10 rows (TABLESAMPLE BERNOULLI (7) REPEATABLE (1); repeatable; datasets[].profiling.sampling)`,
    );
  });

  it('draws a stratified sample by numbering each stratum in row-hash order, inside the partition filter, capped proportionally', () => {
    const { from, applied } = rowSource(
      events,
      {
        partition: { key: 'id', strategy: 'latest' },
        sampling: { method: 'stratified', key: 'created_date', fraction: 0.25, maxRows: 100, setBy: 'datasets.sampling' },
        notes: [],
      },
      ansi,
    );
    const condition = 'baselinr_stratum_rank - 1 < 0.25 * baselinr_stratum_rows AND baselinr_stratum_rank - 1 < 100 * (baselinr_stratum_rows * 1.0 / baselinr_all_rows)';
    expect(from).toBe(
      `(SELECT "id", "created_date" FROM (SELECT "id", "created_date", ROW_NUMBER() OVER (PARTITION BY "created_date" ORDER BY MD5(COALESCE(CAST("id" AS VARCHAR), '(null)') || '|' || COALESCE(CAST("created_date" AS VARCHAR), '(null)'))) AS baselinr_stratum_rank, ` +
        'COUNT(*) OVER (PARTITION BY "created_date") AS baselinr_stratum_rows, COUNT(*) OVER () AS baselinr_all_rows FROM "s"."events" ' +
        `WHERE "id" = (SELECT MAX("id") FROM "s"."events")) AS baselinr_strata WHERE ${condition} ORDER BY baselinr_stratum_rank LIMIT 100) AS baselinr_rows`,
    );
    expect(applied.sampling).toMatchObject({ method: 'stratified', key: 'created_date', sql: condition, repeatable: true });
    expect(describeRowSelection(applied)).toContain(`stratified 25% of the rows of each created_date value (at least one), at most 100 rows (${condition}; repeatable;`);
  });

  it('joins a row-hash predicate and a partition filter with AND, and shows the predicate short', () => {
    const hashed = createDialect({
      identifierQuote: '"',
      sampleRows: (f, _seed, rowHash) => hashSample(rowHash, f),
      rowHash: (columns, quote) => `h(${columns.map((c) => quote(c.name)).join(', ')})`,
    });
    const { from, applied } = rowSource(
      events,
      { partition: { key: 'id', strategy: 'latest' }, sampling: { method: 'random', fraction: 0.5, setBy: 'default_sample_ratio' }, notes: [] },
      hashed,
    );
    expect(from).toBe(`(SELECT * FROM "s"."events" WHERE ("id" = (SELECT MAX("id") FROM "s"."events")) AND (h("id", "created_date") < '80000000')) AS baselinr_rows`);
    expect(applied.sampling).toMatchObject({ sql: `hash of every column < '80000000'`, repeatable: true });
  });
});

describe('the row hash', () => {
  it('keeps a fraction of the 32-bit prefix: 0.1 below 1999999a, all of it below g', () => {
    expect(hashSample('h', 0.1).predicate).toBe(`h < '1999999a'`);
    expect(hashSample('h', 0.001).predicate).toBe(`h < '00418937'`);
    expect(hashSample('h', 1).predicate).toBe(`h < 'g'`);
  });

  it('writes nulls as a marker, booleans as 1 or 0, and separates the columns', () => {
    const columns = [...events.columns, { name: 'ok', dataType: 'boolean', kind: 'boolean' as const }];
    expect(ansi.rowHash(columns)).toBe(
      `MD5(COALESCE(CAST("id" AS VARCHAR), '(null)') || '|' || COALESCE(CAST("created_date" AS VARCHAR), '(null)') || '|' || ` +
        `COALESCE(CASE WHEN "ok" THEN '1' WHEN NOT "ok" THEN '0' END, '(null)'))`,
    );
  });
});
