import { describe, expect, it } from 'vitest';
import type { TableRef } from '../adapter/types.js';
import { DescribeBatches } from './describe-batches.js';

const ref = (table: string): TableRef => ({ schema: 's', table });

describe('DescribeBatches', () => {
  it('describes a unit with the tables next in line, and the following batch ahead of need', async () => {
    const queries: string[][] = [];
    let waiting = ['c', 'd', 'e', 'f', 'g'].map(ref);
    const batches = new DescribeBatches(
      3,
      async (refs) => {
        queries.push(refs.map((r) => r.table));
        return refs.map((r) => ({ ...r, columns: [] }));
      },
      (count) => waiting.slice(0, count),
    );
    batches.cover([ref('a'), ref('b')]);
    expect(queries).toEqual([['a', 'b', 'c']]);
    expect((await batches.get(ref('a')))?.table).toBe('a');
    expect(queries).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
    await batches.get(ref('b'));
    waiting = waiting.slice(1); // c taken
    await batches.get(ref('c'));
    expect(queries).toHaveLength(2);
    // A table listed later, ahead of the prefetched ones, gets a batch of its own when it is due.
    waiting = [ref('late'), ...waiting];
    waiting = waiting.slice(1);
    expect((await batches.get(ref('late')))?.table).toBe('late');
    expect(queries[2]).toEqual(['late', 'g']);
  });
});
