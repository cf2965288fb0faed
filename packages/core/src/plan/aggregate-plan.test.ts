import { describe, expect, it } from 'vitest';
import type { ColumnInfo, TableDescription } from '../adapter/contract.js';
import { createDialect } from '../adapter/dialect.js';
import { METRIC_NAMES, type MetricName } from '../config/schema.js';
import { planAggregates } from './aggregate-plan.js';

const all = new Set<MetricName>(METRIC_NAMES);
const kinds: ColumnInfo['kind'][] = ['integer', 'decimal', 'float', 'string', 'temporal', 'boolean', 'other'];
function table(columns: number): TableDescription {
  return {
    schema: 's',
    table: 't',
    columns: Array.from({ length: columns }, (_, i) => ({ name: `c${i}`, dataType: 'x', kind: kinds[i % kinds.length]! })),
  };
}

describe('planAggregates', () => {
  it('computes every scalar metric of a 10-column table in one statement', () => {
    const statements = planAggregates(table(10), all, createDialect({ identifierQuote: '"' }));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.outputs[0]).toEqual({ measure: 'rows' });
    const columns = new Set(statements[0]!.outputs.flatMap((o) => ('column' in o ? [o.column] : [])));
    expect(columns.size).toBe(10);
  });

  it('splits wide tables into chunks of whole columns within the expression limit', () => {
    const dialect = createDialect({ identifierQuote: '"', maxExpressionsPerStatement: 40 });
    const statements = planAggregates(table(60), all, dialect);
    expect(statements.length).toBeGreaterThan(1);
    const seen = new Map<string, number>();
    statements.forEach((s, i) => {
      expect(s.outputs.length).toBeLessThanOrEqual(40);
      expect(s.sql.match(/ AS m\d+/g)).toHaveLength(s.outputs.length);
      for (const o of s.outputs) {
        if (!('column' in o)) continue;
        // A column's measures never straddle two statements.
        expect(seen.get(o.column) ?? i).toBe(i);
        seen.set(o.column, i);
      }
    });
    expect(seen.size).toBe(60);
  });

  it('uses the exact distinct count where the warehouse has no approximate one', () => {
    const [statement] = planAggregates(table(1), new Set<MetricName>(['approx_distinct_count']), createDialect({ identifierQuote: '"' }));
    expect(statement!.sql).toBe('SELECT COUNT(*) AS m0, COUNT(DISTINCT "c0") AS m1 FROM "s"."t"');
    const [withApprox] = planAggregates(
      table(1),
      new Set<MetricName>(['approx_distinct_count']),
      createDialect({ identifierQuote: '"', approxCountDistinct: (c) => `APPROX_COUNT_DISTINCT(${c})` }),
    );
    expect(withApprox!.sql).toBe('SELECT COUNT(*) AS m0, APPROX_COUNT_DISTINCT("c0") AS m1 FROM "s"."t"');
  });

  it('quotes hostile identifiers', () => {
    const hostile: TableDescription = { schema: 'we"ird', table: 'x"; DROP TABLE keep; --', columns: [{ name: 'a"b', dataType: 'int', kind: 'other' }] };
    const [statement] = planAggregates(hostile, all, createDialect({ identifierQuote: '"' }));
    expect(statement!.sql).toBe('SELECT COUNT(*) AS m0, COUNT("a""b") AS m1 FROM "we""ird"."x""; DROP TABLE keep; --"');
  });
});
