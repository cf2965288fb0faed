import { randomUUID } from 'node:crypto';
import { BaselinrError, CancelledError, errorMessage } from '../errors.js';
import type { SqlDriver } from '../adapter/sql-driver.js';
import { LeaseTable } from './lease-table.js';

/** One slot of a shared pool, held by one statement until it is released. */
export interface SlotLease {
  readonly pool: string;
  readonly slot: number;
  /** How long the caller waited for it. */
  readonly waitedMs: number;
  /** Gives the slot back; never throws (a lease that cannot be released expires after its TTL). */
  release(): Promise<void>;
}

/** What the statement runner needs from a shared pool. */
export interface SharedSlots {
  readonly pool: string;
  readonly slots: number;
  /** Callers of this process waiting for a slot right now. */
  readonly waiting: number;
  /**
   * Resolves with a lease once a slot of the pool is free. `onWait` is called once if no slot was
   * free at the first try. Rejects with CancelledError when `signal` aborts while waiting, and
   * with CoordinationError when the pool is closed or its database stays unreachable.
   */
  acquire(signal?: AbortSignal, onWait?: () => void): Promise<SlotLease>;
}

/** The coordination database stayed unreachable for longer than a lease lives. */
export class CoordinationError extends BaselinrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('COORDINATION_UNAVAILABLE', message, options);
  }
}

export interface SlotLimiterOptions {
  readonly pool: string;
  readonly slots: number;
  readonly leaseTtlMs: number;
  readonly heartbeatMs: number;
  /** Written beside each lease for people reading the table: `host:pid run-id`. */
  readonly owner: string;
  /** How often waiting callers look for a free slot; defaults to a quarter of the TTL, at most 250 ms. */
  readonly pollMs?: number;
  /** A lease expired before its heartbeat renewed it and another holder took the slot. */
  readonly onLeaseLost?: (lost: { readonly pool: string; readonly slot: number }) => void;
}

interface Waiter {
  readonly began: number;
  readonly resolve: (lease: SlotLease) => void;
  readonly reject: (err: Error) => void;
  readonly onWait?: () => void;
  announced: boolean;
  detach: () => void;
}

/**
 * A pool of slots shared by every process (and machine) that reaches one database. The process
 * keeps one FIFO of local callers and a single poller claiming free slots for them, so the
 * database sees a few small statements per poll however many statements wait; held leases are
 * renewed by one heartbeat statement. It uses only the connections of its driver (see
 * `LEASE_CONNECTIONS`) and closes them on close().
 */
export class SharedSlotLimiter implements SharedSlots {
  private readonly queue: Waiter[] = [];
  /** Lease token to slot, for every slot this process holds. */
  private readonly held = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly pollMs: number;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private failingSince: number | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly driver: SqlDriver,
    private readonly table: LeaseTable,
    private readonly options: SlotLimiterOptions,
  ) {
    this.pollMs = options.pollMs ?? Math.min(250, options.leaseTtlMs / 4);
    this.heartbeat = setInterval(() => void this.renew(), options.heartbeatMs);
    // Statements in flight keep the process alive; the heartbeat alone must not.
    this.heartbeat.unref();
  }

  /** Creates the lease table and the pool's slots when missing. Closes `driver` if that fails. */
  static async open(driver: SqlDriver, options: SlotLimiterOptions): Promise<SharedSlotLimiter> {
    const table = new LeaseTable(driver, options.pool);
    try {
      await table.ensure(options.slots);
    } catch (err) {
      await driver.close().catch(() => undefined);
      throw err;
    }
    return new SharedSlotLimiter(driver, table, options);
  }

  get pool(): string {
    return this.options.pool;
  }

  get slots(): number {
    return this.options.slots;
  }

  get waiting(): number {
    return this.queue.length;
  }

  acquire(signal?: AbortSignal, onWait?: () => void): Promise<SlotLease> {
    if (this.closing) return Promise.reject(new CoordinationError(`shared slot pool ${this.options.pool} was closed`));
    if (signal?.aborted) return Promise.reject(new CancelledError('cancelled while waiting for a shared slot'));
    return new Promise<SlotLease>((resolve, reject) => {
      const waiter: Waiter = { began: performance.now(), resolve, reject, onWait, announced: false, detach: () => undefined };
      const onAbort = () => {
        this.remove(waiter);
        reject(new CancelledError('cancelled while waiting for a shared slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.detach = () => signal?.removeEventListener('abort', onAbort);
      this.queue.push(waiter);
      this.wake();
    });
  }

  /** Rejects waiting callers, releases every slot still held and closes the connections. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.pollTimer);
    for (const waiter of this.queue.splice(0)) {
      waiter.detach();
      waiter.reject(new CoordinationError(`shared slot pool ${this.options.pool} was closed`));
    }
    await this.polling;
    const tokens = [...this.held.keys()];
    this.held.clear();
    await this.table.release(tokens).catch(() => undefined);
    await this.driver.close();
  }

  /** Runs a poll now, or right after the one in progress; one poll at a time per process. */
  private wake(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.wake();
      } else if (this.queue.length > 0 && !this.closing) {
        // Jitter keeps processes that wait on one pool from polling in lockstep.
        this.pollTimer = setTimeout(() => this.wake(), this.pollMs * (0.5 + Math.random()));
      }
    });
  }

  /** Claims free slots for as many waiting callers as it can, first come first served. */
  private async poll(): Promise<void> {
    const tried = new Set(this.queue);
    if (tried.size === 0 || this.closing) return;
    try {
      for (const slot of shuffled(await this.table.freeSlots(this.options.slots))) {
        if (this.queue.length === 0 || this.closing) break;
        const token = randomUUID();
        if (await this.table.claim(slot, token, this.options.owner, this.options.leaseTtlMs)) {
          this.held.set(token, slot);
          this.handOut(token, slot);
        }
      }
      this.failingSince = undefined;
    } catch (err) {
      this.failingSince ??= performance.now();
      if (performance.now() - this.failingSince > this.options.leaseTtlMs) this.failWaiting(err);
    }
    for (const waiter of this.queue) {
      if (!tried.has(waiter) || waiter.announced) continue;
      waiter.announced = true;
      waiter.onWait?.();
    }
  }

  private handOut(token: string, slot: number): void {
    const waiter = this.queue.shift();
    // The caller gave up while the slot was being claimed: give the slot straight back.
    if (!waiter) return void this.giveBack(token);
    waiter.detach();
    let released: Promise<void> | undefined;
    waiter.resolve({
      pool: this.options.pool,
      slot,
      waitedMs: performance.now() - waiter.began,
      release: () => (released ??= this.giveBack(token)),
    });
  }

  private async giveBack(token: string): Promise<void> {
    // Forgotten first, so a heartbeat in flight does not take the released token for a lost one.
    if (!this.held.delete(token)) return;
    try {
      await this.table.release([token]);
    } catch {
      // The lease expires after its TTL; nothing else to do.
    }
    if (this.queue.length > 0 && !this.closing) this.wake();
  }

  private async renew(): Promise<void> {
    const tokens = [...this.held.keys()];
    if (tokens.length === 0) return;
    let kept: Set<string>;
    try {
      kept = await this.table.renew(tokens, this.options.leaseTtlMs);
    } catch {
      // The next beat tries again; two misses in a row still leave a third before expiry.
      return;
    }
    for (const token of tokens) {
      const slot = this.held.get(token);
      if (slot === undefined || kept.has(token)) continue;
      this.held.delete(token);
      this.options.onLeaseLost?.({ pool: this.options.pool, slot });
    }
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private failWaiting(cause: unknown): void {
    const error = new CoordinationError(
      `shared slot pool ${this.options.pool}: the coordination database has been unreachable for over ${this.options.leaseTtlMs / 1000}s: ${errorMessage(cause)}`,
      { cause },
    );
    for (const waiter of this.queue.splice(0)) {
      waiter.detach();
      waiter.reject(error);
    }
  }
}

/** Processes that find the same free slots try them in different orders, so fewer claims collide. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
