import { longerFirst, type OrderedTable } from './order.js';
import { nextUnit } from './small-batches.js';

/**
 * The tables a run has discovered and not yet handed to a worker. Discovery adds them a part at a
 * time (a schema's listing); workers take units as they free up, so the first table starts before
 * the whole catalog is listed. A parallel run merges each part into the waiting tables longest
 * expected first, so a long table listed late still goes before the short ones waiting; a
 * sequential run keeps the selection order.
 */
export class PendingTables {
  private waiting: OrderedTable[] = [];
  private head = 0;
  private finished = false;
  private failure: { readonly reason: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: { readonly longestFirst: boolean; readonly batchSize: number }) {}

  add(tables: readonly OrderedTable[]): void {
    const rest = this.waiting.slice(this.head);
    this.waiting = this.options.longestFirst ? mergeLongestFirst(rest, tables) : [...rest, ...tables];
    this.head = 0;
    this.notify();
  }

  /** No more tables will be added; `failure` ends the units with that error once the waiting ones are taken. */
  close(failure?: { readonly reason: unknown }): void {
    this.finished = true;
    this.failure = failure;
    this.notify();
  }

  /** The next tables in run order, not yet taken (for describing ahead of need). */
  upcoming(count: number): readonly OrderedTable[] {
    return this.waiting.slice(this.head, this.head + count);
  }

  /** Units in run order as they become known; waits while discovery is still listing. */
  async *units(): AsyncGenerator<OrderedTable[]> {
    for (;;) {
      if (this.head < this.waiting.length) {
        const unit = nextUnit(this.waiting, this.head, this.options.batchSize);
        this.head += unit.length;
        yield unit;
        continue;
      }
      if (this.finished) {
        if (this.failure) throw this.failure.reason;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Merges two longest-first lists; on equal expectations the waiting table stays ahead. */
function mergeLongestFirst(waiting: readonly OrderedTable[], added: readonly OrderedTable[]): OrderedTable[] {
  const sorted = [...added].sort(longerFirst);
  const merged: OrderedTable[] = [];
  let i = 0;
  let j = 0;
  while (i < waiting.length || j < sorted.length) {
    if (j >= sorted.length || (i < waiting.length && longerFirst(waiting[i]!, sorted[j]!) <= 0)) merged.push(waiting[i++]!);
    else merged.push(sorted[j++]!);
  }
  return merged;
}
