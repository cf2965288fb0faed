import type { TableDescription, TableRef } from '../adapter/types.js';
import { tableKey } from '../adapter/types.js';

interface Batch {
  readonly promise: Promise<Map<string, TableDescription>>;
  demanded: boolean;
}

/**
 * Describes tables lazily in batches of up to `batchSize`, in the order they will run: a unit a
 * worker takes that has undescribed tables triggers one catalog query for them and the tables
 * next in line, and the first demand on a batch starts the next batch's query ahead of need. The
 * run order may change while discovery is still listing, so batches are formed from what is
 * next at the time. A table is forgotten once handed out, so memory stays bounded by the tables
 * in flight.
 */
export class DescribeBatches {
  private readonly batchOf = new Map<string, Batch>();

  constructor(
    private readonly batchSize: number,
    private readonly describe: (refs: readonly TableRef[]) => Promise<TableDescription[]>,
    /** The tables next in run order, not yet taken by a worker. */
    private readonly upcoming: (count: number) => readonly TableRef[],
  ) {}

  /** Makes sure every table of a unit is in a batch: those that are not go in one, filled up with the tables next in line. */
  cover(unit: readonly TableRef[]): void {
    const uncovered = unit.filter((t) => !this.batchOf.has(tableKey(t)));
    if (uncovered.length > 0) this.load([...uncovered, ...this.nextUncovered(this.batchSize - uncovered.length)]);
  }

  async get(ref: TableRef): Promise<TableDescription | undefined> {
    const key = tableKey(ref);
    this.cover([ref]);
    const batch = this.batchOf.get(key)!;
    this.batchOf.delete(key);
    // The first table of a batch to be needed also starts the next batch's catalog query, so
    // workers do not wait for the catalog at every batch boundary.
    if (!batch.demanded) {
      batch.demanded = true;
      const next = this.nextUncovered(this.batchSize);
      if (next.length > 0) this.load(next);
    }
    return (await batch.promise).get(key);
  }

  private nextUncovered(count: number): TableRef[] {
    if (count <= 0) return [];
    // Tables already in a batch are skipped; looking a little further keeps batches full.
    return this.upcoming(count * 2)
      .filter((t) => !this.batchOf.has(tableKey(t)))
      .slice(0, count);
  }

  private load(refs: readonly TableRef[]): void {
    const promise = this.describe(refs).then((found) => new Map(found.map((d) => [tableKey(d), d])));
    // A prefetched batch may never be awaited (the run is cancelled first): not an unhandled rejection.
    promise.catch(() => undefined);
    const batch: Batch = { promise, demanded: false };
    for (const ref of refs) this.batchOf.set(tableKey(ref), batch);
  }
}
