import { describe, expect, it } from 'vitest';
import type { OrderedTable } from './order.js';
import { PendingTables } from './pending-tables.js';
import { runBounded } from './run-queue.js';

const table = (name: string, seconds?: number): OrderedTable => ({
  schema: 's',
  table: name,
  type: 'table',
  ...(seconds !== undefined ? { expected: { source: 'history', seconds } } : {}),
});
const names = (units: OrderedTable[][]) => units.map((u) => u.map((t) => t.table).join('+'));

async function take(pending: PendingTables, count: number): Promise<OrderedTable[][]> {
  const units: OrderedTable[][] = [];
  const iterator = pending.units();
  for (let i = 0; i < count; i++) {
    const next = await iterator.next();
    if (next.done) break;
    units.push(next.value);
  }
  return units;
}

describe('PendingTables', () => {
  it('merges a later part longest first among the tables still waiting; equal ones keep the earlier part ahead', async () => {
    const pending = new PendingTables({ longestFirst: true, batchSize: 1 });
    pending.add([table('a', 9), table('b', 5), table('c', 1)]);
    const iterator = pending.units();
    expect((await iterator.next()).value?.[0]?.table).toBe('a');
    pending.add([table('x', 7), table('y', 1), table('z')]);
    pending.close();
    const rest: string[] = [];
    for await (const unit of { [Symbol.asyncIterator]: () => iterator }) rest.push(unit[0]!.table);
    expect(rest).toEqual(['x', 'b', 'c', 'y', 'z']);
  });

  it('keeps the selection order for a sequential run', async () => {
    const pending = new PendingTables({ longestFirst: false, batchSize: 1 });
    pending.add([table('a', 1)]);
    pending.add([table('b', 9)]);
    pending.close();
    expect(names(await take(pending, 5))).toEqual(['a', 'b']);
  });

  it('batches consecutive small tables up to batch_size', async () => {
    const pending = new PendingTables({ longestFirst: true, batchSize: 2 });
    pending.add([table('big', 9), table('s1', 0.1), table('s2', 0.1), table('s3', 0.1)]);
    pending.close();
    expect(names(await take(pending, 5))).toEqual(['big', 's1+s2', 's3']);
  });

  it('waits for more parts while discovery lists, and ends with the listing error once the waiting tables are taken', async () => {
    const pending = new PendingTables({ longestFirst: true, batchSize: 1 });
    pending.add([table('a', 1)]);
    const seen: string[] = [];
    const run = runBounded(pending.units(), { workers: 2, queueSize: 10 }, async (unit) => {
      seen.push(unit[0]!.table);
      if (unit[0]!.table === 'a') {
        pending.add([table('b', 1)]);
        pending.close({ reason: new Error('listing failed') });
      }
    });
    await expect(run).rejects.toThrow('listing failed');
    expect(seen).toEqual(['a', 'b']);
  });
});
