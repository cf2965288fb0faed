import { beforeAll, expect } from 'vitest';
import type { ColumnProfile, RunResult, TableOutcome } from '@baselinr/core';
import type { FixtureTable } from '../harness.js';
import { BEYOND_DOUBLE, emptyTable, extremesTable, hugeFloatsTable, metricsTable, wideDecimalsTable } from '../fixtures/metric-tables.js';
import { profile } from '../engine/run-engine.js';
import { mismatch } from '../reference/compare.js';
import { KIND_OF, referenceMetrics } from '../reference/metrics.js';
import type { SuiteContext } from './context.js';

const BINS = 10;

/** Every metric of every column equals the same metric computed in JavaScript from the rows the kit generated. */
export function metricChecks(ctx: SuiteContext): void {
  ctx.group('metrics', 'values equal an independent computation', () => {
    const tables: FixtureTable[] = [metricsTable('kit_metrics'), emptyTable('kit_empty'), extremesTable('kit_extremes'), hugeFloatsTable('kit_huge_floats')];
    if (!ctx.skipReason('wide-decimals')) tables.push(wideDecimalsTable('kit_wide_decimals'));
    const ns = ctx.namespace('metrics', async (n) => {
      for (const table of tables) await n.createTable(table);
    });
    let result: RunResult;
    let approxTolerance = 0;
    beforeAll(async () => {
      const session = await ctx.connect(ns(), 'kit-metrics');
      try {
        // Exact where the warehouse has no approximate function (core then uses COUNT(DISTINCT)).
        if (session.dialect.approxCountDistinct(session.dialect.quoteIdentifier('c')) !== undefined) approxTolerance = ctx.subject.approxDistinctTolerance ?? 0.3;
      } finally {
        await session.close();
      }
      const entries = tables.map((t) => ({ schema: ns().schema, table: t.name }));
      result = await profile(ctx.subject.adapter, ns(), { profiling: { tables: entries, histogram_bins: BINS } });
    }, ctx.timeout);

    const outcome = (table: string): TableOutcome => {
      const found = result.tables.find((t) => t.table === table);
      expect(found, `outcome of ${table}`).toBeDefined();
      expect([found!.status, found!.error?.message], table).toEqual(['succeeded', undefined]);
      return found!;
    };
    const column = (table: string, name: string): ColumnProfile => outcome(table).columns.find((c) => c.column === name)!;

    ctx.test('profiles every fixture table with its row count', () => {
      for (const table of tables) expect(outcome(table.name).rowCount, table.name).toBe(table.rows.length);
    });

    ctx.test('describes each logical type as its column kind', () => {
      for (const table of tables) {
        expect(
          outcome(table.name).columns.map((c) => [c.column, c.kind]),
          table.name,
        ).toEqual(table.columns.map((c) => [c.name, KIND_OF[c.type]]));
      }
    });

    for (const table of tables) {
      ctx.test(`${table.name}: every metric of every column matches`, () => {
        const problems: string[] = [];
        table.columns.forEach((fixture, i) => {
          const profiled = column(table.name, fixture.name);
          if (!profiled) {
            problems.push(`${fixture.name}: not profiled`);
            return;
          }
          const expected = referenceMetrics(
            fixture,
            table.rows.map((r) => r[i]!),
            BINS,
          );
          const actual = profiled.metrics as Record<string, unknown>;
          const names = (o: object) => Object.keys(o).sort().join(', ');
          if (names(actual) !== names(expected)) problems.push(`${fixture.name}: metrics [${names(actual)}], expected [${names(expected)}]`);
          for (const [metric, expectation] of Object.entries(expected)) {
            const problem = mismatch(actual[metric], expectation, { approxTolerance });
            if (problem) problems.push(`${fixture.name}.${metric}: ${problem}`);
          }
        });
        expect(problems).toEqual([]);
      });
    }

    ctx.test('keeps 2^53 + 1 and 64-bit extremes exact', () => {
      expect(column('kit_metrics', 'big').metrics).toMatchObject({ min: `-${BEYOND_DOUBLE}`, max: String(BEYOND_DOUBLE) });
      expect(column('kit_extremes', 'top').metrics.max).toBe('9223372036854775807');
      expect(column('kit_extremes', 'bottom').metrics.min).toBe('-9223372036854775808');
    });

    ctx.test(
      'keeps decimals beyond a double exact',
      () => {
        expect(column('kit_wide_decimals', 'wide').metrics).toMatchObject({ max: '1234567890123456789012.345678', min: '-1234567890123456789012.34567' });
      },
      'wide-decimals',
    );

    // Baselinr's meanings: count is the rows and the ratios are over rows, so they are numbers even here.
    ctx.test('reports an empty table and an all-null column with rows and ratios as Baselinr does, other metrics null, no errors', () => {
      const rows = tables[0]!.rows.length;
      expect(column('kit_metrics', 'all_null').metrics).toMatchObject({
        count: rows,
        null_count: rows,
        null_ratio: 1,
        distinct_count: 0,
        unique_ratio: 0,
        min: null,
        max: null,
        mean: null,
        stddev: null,
        histogram: null,
      });
      expect(column('kit_empty', 'qty').metrics).toMatchObject({ count: 0, null_count: 0, null_ratio: 0, unique_ratio: 0, min: null, mean: null, histogram: null });
      expect(column('kit_empty', 'label').metrics).toMatchObject({ min: null, max: null, min_length: null, max_length: null, avg_length: null });
      expect(column('kit_empty', 'flag').metrics).toMatchObject({ min: null, max: null });
    });
  });
}
