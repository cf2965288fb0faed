export interface LimitChange {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export interface AdaptiveLimitOptions {
  /** Successful statements in a row before the limit grows back by one. */
  readonly recoverAfter?: number;
  readonly onChange?: (change: LimitChange) => void;
  /** Statements waiting for a slot, whenever that number changes. */
  readonly onWaiting?: (waiting: number) => void;
}

/**
 * A semaphore whose limit adapts to the warehouse: halved when it refuses connections
 * (too many connections), grown back by one after a run of successes, never above the
 * initial limit. This is how a run survives a server whose connection limit is lower than
 * the workers asked for, instead of failing tables.
 */
export class AdaptiveLimit {
  private current: number;
  private lowest: number;
  private active = 0;
  private successes = 0;
  private generation = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly recoverAfter: number;

  constructor(
    readonly initial: number,
    private readonly options: AdaptiveLimitOptions = {},
  ) {
    this.current = initial;
    this.lowest = initial;
    this.recoverAfter = options.recoverAfter ?? 20;
  }

  /** Changes with every decrease: work started before it ran under the old, higher limit. */
  get epoch(): number {
    return this.generation;
  }

  get limit(): number {
    return this.current;
  }

  /** The lowest the limit went during the run. */
  get minimum(): number {
    return this.lowest;
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Runs `work` once a slot is free under the current limit. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.active >= this.current) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        this.options.onWaiting?.(this.waiters.length);
      });
    }
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.wakeOne();
    }
  }

  recordSuccess(): void {
    if (this.current >= this.initial) return;
    if (++this.successes < this.recoverAfter) return;
    this.successes = 0;
    this.change(this.current + 1, `${this.recoverAfter} statements succeeded in a row`);
    this.wakeOne();
  }

  /**
   * The warehouse refused a connection to work started at `startedEpoch`. Returns true when a
   * retry is likely to succeed: the limit was lowered now, or already since that work started
   * (refusals from one burst lower it once). False when it is already at 1.
   */
  recordConnectionLimit(startedEpoch: number = this.generation): boolean {
    this.successes = 0;
    if (startedEpoch < this.generation) return true;
    if (this.current <= 1) return false;
    this.generation++;
    this.change(Math.max(1, Math.floor(this.current / 2)), 'the warehouse refused connections (connection limit reached)');
    return true;
  }

  private change(to: number, reason: string): void {
    const from = this.current;
    this.current = to;
    this.lowest = Math.min(this.lowest, to);
    this.options.onChange?.({ from, to, reason });
  }

  private wakeOne(): void {
    const next = this.active < this.current ? this.waiters.shift() : undefined;
    if (!next) return;
    this.options.onWaiting?.(this.waiters.length);
    next();
  }
}
