import type { TableDescription, TableRef } from '../adapter/types.js';
import { tableKey } from '../adapter/types.js';

interface Batch {
  readonly promise: Promise<Map<string, TableDescription>>;
  remaining: number;
  demanded: boolean;
}

/**
 * Describes tables lazily in batches of `batchSize`, in the order they will run: the first table
 * of a batch to be needed triggers one catalog query for the whole batch, and the next batch's
 * ahead of need. A batch is forgotten once all its tables were handed out, so memory stays
 * bounded by the tables in flight.
 */
export class DescribeBatches {
  private readonly batchOf = new Map<string, number>();
  private readonly pending = new Map<number, Batch>();

  constructor(
    private readonly ordered: readonly TableRef[],
    private readonly batchSize: number,
    private readonly describe: (refs: readonly TableRef[]) => Promise<TableDescription[]>,
  ) {
    for (const [i, t] of ordered.entries()) this.batchOf.set(tableKey(t), Math.floor(i / batchSize));
  }

  async get(ref: TableRef): Promise<TableDescription | undefined> {
    const key = tableKey(ref);
    const index = this.batchOf.get(key);
    if (index === undefined) throw new Error(`table ${key} is not part of this run`);
    const batch = this.load(index);
    // The first table of a batch to be needed also starts the next batch's catalog query, so
    // workers do not wait for the catalog at every batch boundary.
    if (!batch.demanded) {
      batch.demanded = true;
      if ((index + 1) * this.batchSize < this.ordered.length) this.load(index + 1);
    }
    if (--batch.remaining === 0) this.pending.delete(index);
    return (await batch.promise).get(key);
  }

  private load(index: number): Batch {
    let batch = this.pending.get(index);
    if (!batch) {
      const refs = this.ordered.slice(index * this.batchSize, (index + 1) * this.batchSize);
      const promise = this.describe(refs).then((found) => new Map(found.map((d) => [tableKey(d), d])));
      // A prefetched batch may never be awaited (the run is cancelled first): not an unhandled rejection.
      promise.catch(() => undefined);
      batch = { promise, remaining: refs.length, demanded: false };
      this.pending.set(index, batch);
    }
    return batch;
  }
}
