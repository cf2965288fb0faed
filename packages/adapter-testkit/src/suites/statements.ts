import { expect } from 'vitest';
import { METRIC_NAMES, isNumericKind, planAggregates, planHistograms, type MetricName, type TableDescription } from '@baselinr/core';
import type { FixtureColumn, FixtureTable, LogicalType } from '../harness.js';
import { emptyTable, metricsTable } from '../fixtures/metric-tables.js';
import { observe } from '../engine/observe.js';
import { profile } from '../engine/run-engine.js';
import { ref, type SuiteContext } from './context.js';

const TYPES: readonly LogicalType[] = ['integer', 'bigint', 'decimal', 'float', 'string', 'timestamp', 'boolean'];
const BINS = 10;

/** 70 columns of every type: more expressions than one statement may hold, so the plan chunks it. */
function wideTable(name: string): FixtureTable {
  const columns: FixtureColumn[] = Array.from({ length: 70 }, (_, i) => {
    const type = TYPES[i % TYPES.length]!;
    return { name: `c${i}`, type, ...(type === 'decimal' ? { precision: 12, scale: 2 } : {}) };
  });
  const value = (type: LogicalType, r: number) =>
    ({ integer: r, bigint: BigInt(r) * 1000n, decimal: `${r}.50`, float: r / 3, string: `s${r}`, timestamp: `2024-02-0${(r % 9) + 1} 12:00:00`, boolean: r % 2 === 0 })[type];
  return { name, columns, rows: Array.from({ length: 30 }, (_, r) => columns.map((c) => (r % 7 === 3 ? null : value(c.type, r)))) };
}

/** What the plan allows one table: its aggregate statements, and at most its histogram statements. */
function statementBound(table: TableDescription, dialect: Parameters<typeof planAggregates>[2]): { aggregates: number; histograms: number } {
  const metrics = new Set<MetricName>(METRIC_NAMES);
  const ranges = table.columns.filter((c) => isNumericKind(c.kind)).map((column) => ({ column, min: 0, max: 1 }));
  return { aggregates: planAggregates(table, metrics, dialect).length, histograms: planHistograms(table, ranges, BINS, dialect).length };
}

/** Each table costs what the plan says (an aggregate scan, chunked only for wide tables, and a histogram scan), and nothing else runs. */
export function statementChecks(ctx: SuiteContext): void {
  ctx.group('statements-per-table', 'within the plan’s bound', () => {
    const tables = [metricsTable('kit_narrow'), emptyTable('kit_empty'), wideTable('kit_wide')];
    const ns = ctx.namespace('statements', async (n) => {
      for (const table of tables) await n.createTable(table);
    });

    ctx.test('statements per table stay within the plan, each succeeds at the first attempt, and execute runs only those', async () => {
      const session = await ctx.connect(ns(), 'kit-statements');
      let bounds: Map<string, ReturnType<typeof statementBound>>;
      try {
        const described = await session.describeTables(tables.map((t) => ref(ns(), t.name)));
        bounds = new Map(described.map((d) => [d.table, statementBound(d, session.dialect)]));
      } finally {
        await session.close();
      }
      const { adapter, seen } = observe(ctx.subject.adapter);
      // One table per round trip: the batching check covers tables that share them.
      const result = await profile(adapter, ns(), {
        profiling: { tables: tables.map((t) => ({ schema: ns().schema, table: t.name })), histogram_bins: BINS },
        execution: { batch_size: 1 },
      });
      for (const table of result.tables) {
        expect([table.status, table.error?.message], table.table).toEqual(['succeeded', undefined]);
        const bound = bounds.get(table.table)!;
        const count = (purpose: string) => table.statements.filter((s) => s.purpose === purpose).length;
        expect(count('aggregate'), `${table.table} aggregate statements`).toBe(bound.aggregates);
        expect(count('histogram'), `${table.table} histogram statements`).toBeLessThanOrEqual(bound.histograms);
        expect(
          table.statements.map((s) => s.attempts),
          `${table.table} attempts`,
        ).toEqual(table.statements.map(() => 1));
      }
      expect(result.tables.find((t) => t.table === 'kit_empty')!.statements).toHaveLength(1);
      expect(seen.statements).toHaveLength(result.tables.reduce((n, t) => n + t.statements.length, 0));
    });
  });
}
