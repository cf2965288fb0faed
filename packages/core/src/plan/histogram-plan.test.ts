import { describe, expect, it } from 'vitest';
import { createDialect } from '../adapter/dialect.js';
import { binEdges, planHistograms } from './histogram-plan.js';

describe('histograms', () => {
  it('makes equal-width edges ending exactly at the maximum', () => {
    expect(binEdges(0, 10, 4)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(binEdges(0.1, 0.3, 3).at(-1)).toBe(0.3);
  });

  it('counts every bin of every column in one statement, closing the last bin', () => {
    const dialect = createDialect({ identifierQuote: '"' });
    const column = (name: string) => ({ name, dataType: 'int', kind: 'integer' as const });
    const statements = planHistograms(
      { schema: 's', table: 't' },
      [
        { column: column('a'), min: 0, max: 4 },
        { column: column('b'), min: -1, max: 1 },
      ],
      2,
      dialect,
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]!.sql).toBe(
      'SELECT COUNT(CASE WHEN "a" < 2 THEN 1 END) AS h0, COUNT(CASE WHEN "a" >= 2 THEN 1 END) AS h1, ' +
        'COUNT(CASE WHEN "b" < 0 THEN 1 END) AS h2, COUNT(CASE WHEN "b" >= 0 THEN 1 END) AS h3 FROM "s"."t"',
    );
    expect(statements[0]!.bins).toEqual([
      { column: 'a', bin: 0 },
      { column: 'a', bin: 1 },
      { column: 'b', bin: 0 },
      { column: 'b', bin: 1 },
    ]);
  });
});
