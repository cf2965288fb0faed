import PQueue from 'p-queue';

export interface QueueObserver {
  /** Tasks added to the queue and not yet started (bounded by queue_size). */
  onQueueSize?(waiting: number): void;
}

/**
 * Runs `task` for every item with at most `workers` at once. Intake is bounded: no more than
 * `queueSize` items wait in the queue, so a catalog of 10,000 tables never holds 10,000
 * pending promises; the next item is taken from `items` only once there is room, so an async
 * source can still reorder what it has not handed out. Once `signal` aborts, takes no new items
 * and drops queued ones that have not started. `task` must not throw; when `items` throws, the
 * queued items are dropped, the running ones finish, and the error is rethrown.
 */
export async function runBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  options: { readonly workers: number; readonly queueSize: number; readonly signal?: AbortSignal; readonly observer?: QueueObserver },
  task: (item: T) => Promise<void>,
): Promise<void> {
  const { workers, queueSize, signal, observer } = options;
  if (workers <= 1) {
    for await (const item of items) {
      if (signal?.aborted) break;
      await task(item);
    }
    return;
  }
  const queue = new PQueue({ concurrency: workers });
  queue.on('next', () => observer?.onQueueSize?.(queue.size));
  // Queued items that have not started are dropped on abort; running ones finish (cancelled).
  const dropQueued = () => queue.clear();
  signal?.addEventListener('abort', dropQueued, { once: true });
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  try {
    for (;;) {
      await queue.onSizeLessThan(queueSize);
      if (signal?.aborted) break;
      const next = await iterator.next();
      if (next.done || signal?.aborted) break;
      const item = next.value;
      void queue.add(() => task(item));
      observer?.onQueueSize?.(queue.size);
    }
  } catch (err) {
    queue.clear();
    throw err;
  } finally {
    await queue.onIdle();
    signal?.removeEventListener('abort', dropQueued);
  }
}
