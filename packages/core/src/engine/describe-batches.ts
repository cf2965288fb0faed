import type { TableDescription, TableRef } from '../adapter/contract.js';
import { tableKey } from '../store/contract.js';

/**
 * Describes tables lazily in batches of `batchSize`, in the order they will run: the first table
 * of a batch to be needed triggers one catalog query for the whole batch. A batch is forgotten
 * once all its tables were handed out, so memory stays bounded by the tables in flight.
 */
export class DescribeBatches {
  private readonly batchOf = new Map<string, number>();
  private readonly pending = new Map<number, { promise: Promise<Map<string, TableDescription>>; remaining: number }>();

  constructor(
    private readonly ordered: readonly TableRef[],
    private readonly batchSize: number,
    private readonly describe: (refs: readonly TableRef[]) => Promise<TableDescription[]>,
  ) {
    ordered.forEach((t, i) => this.batchOf.set(tableKey(t), Math.floor(i / batchSize)));
  }

  async get(ref: TableRef): Promise<TableDescription | undefined> {
    const key = tableKey(ref);
    const index = this.batchOf.get(key);
    if (index === undefined) throw new Error(`table ${key} is not part of this run`);
    let batch = this.pending.get(index);
    if (!batch) {
      const refs = this.ordered.slice(index * this.batchSize, (index + 1) * this.batchSize);
      const promise = this.describe(refs).then((found) => new Map(found.map((d) => [tableKey(d), d])));
      batch = { promise, remaining: refs.length };
      this.pending.set(index, batch);
    }
    if (--batch.remaining === 0) this.pending.delete(index);
    return (await batch.promise).get(key);
  }
}
