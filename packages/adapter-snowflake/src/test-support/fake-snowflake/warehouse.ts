/**
 * A virtual warehouse's admission: at most `level` statements (MAX_CONCURRENCY_LEVEL) run at once,
 * the rest wait in arrival order. It records the most that ever ran at once.
 */
export class Warehouse {
  private running = 0;
  private highWater = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly level: number) {}

  /** Waits for a slot; rejects with the signal's reason if the statement is cancelled while queued. */
  admit(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.level) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.take());
      };
      const onAbort = () => {
        const at = this.queue.indexOf(grant);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  get maxRunning(): number {
    return this.highWater;
  }

  private take(): () => void {
    this.running++;
    this.highWater = Math.max(this.highWater, this.running);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.running < this.level && this.queue.length > 0) this.queue.shift()!();
  }
}
