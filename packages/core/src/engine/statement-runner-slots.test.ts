import { describe, expect, it } from 'vitest';
import type { Row, TableRef, WarehouseSession } from '../adapter/contract.js';
import type { SharedSlots, SlotLease } from '../coordination/slot-limiter.js';
import { CancelledError, WarehouseError } from '../errors.js';
import { AdaptiveLimit } from '../scheduler/adaptive-limit.js';
import { StatementRunner, type SlotWait } from './statement-runner.js';

const table: TableRef = { schema: 'main', table: 'orders' };
const retry = { enabled: true, retries: 2, backoff_strategy: 'fixed' as const, min_backoff: 0, max_backoff: 0 };

/** A pool of `size` slots in memory that records who held what and when statements ran. */
class FakeSlots implements SharedSlots {
  readonly pool = 'test-pool';
  readonly events: string[] = [];
  private readonly waiters: Array<() => void> = [];
  held = 0;

  constructor(readonly slots: number) {}

  get waiting(): number {
    return this.waiters.length;
  }

  async acquire(signal?: AbortSignal, onWait?: () => void): Promise<SlotLease> {
    const began = performance.now();
    if (this.held >= this.slots) {
      onWait?.();
      await new Promise<void>((resolve, reject) => {
        const wake = () => resolve();
        this.waiters.push(wake);
        signal?.addEventListener('abort', () => {
          this.waiters.splice(this.waiters.indexOf(wake), 1);
          reject(new CancelledError('cancelled while waiting for a shared slot'));
        });
      });
    }
    this.held++;
    this.events.push('acquire');
    let released = false;
    return {
      pool: this.pool,
      slot: 0,
      waitedMs: performance.now() - began,
      release: async () => {
        if (released) return;
        released = true;
        this.held--;
        this.events.push('release');
        this.waiters.shift()?.();
      },
    };
  }
}

function session(execute: (sql: string, signal?: AbortSignal) => Promise<Row[]>): WarehouseSession {
  return {
    dialect: {} as WarehouseSession['dialect'],
    defaultSchema: 'main',
    listTables: async () => [],
    describeTables: async () => [],
    execute,
    close: async () => undefined,
  };
}

function runner(slots: FakeSlots, execute: (sql: string, signal?: AbortSignal) => Promise<Row[]>) {
  const waits: SlotWait[] = [];
  const statementRunner = new StatementRunner({
    session: session(execute),
    limit: new AdaptiveLimit(8),
    retry,
    slots,
    onSlotWait: (_, wait) => waits.push(wait),
    onRetry: () => undefined,
    onStatement: () => undefined,
  });
  return { statementRunner, waits };
}

describe('statements hold a shared slot while they run', () => {
  it('each attempt runs inside a lease, and a failed attempt gives its slot back before the retry', async () => {
    const slots = new FakeSlots(1);
    let calls = 0;
    const { statementRunner } = runner(slots, async () => {
      slots.events.push(`run with ${slots.held} held`);
      if (++calls === 1) throw new WarehouseError('connection_lost', 'connection reset');
      return [{ m0: 1 }];
    });
    await statementRunner.execute(table, 'aggregate', 'SELECT 1', new AbortController().signal);
    expect(slots.events).toEqual(['acquire', 'run with 1 held', 'release', 'acquire', 'run with 1 held', 'release']);
    expect(slots.held).toBe(0);
  });

  it('never runs more statements than the pool has slots, and reports waiting and the wait', async () => {
    const slots = new FakeSlots(2);
    let running = 0;
    let peak = 0;
    const { statementRunner, waits } = runner(slots, async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return [];
    });
    const signal = new AbortController().signal;
    await Promise.all(Array.from({ length: 6 }, () => statementRunner.execute(table, 'aggregate', 'SELECT 1', signal)));
    expect(peak).toBe(2);
    expect(waits.filter((w) => w.state === 'acquired')).toHaveLength(6);
    expect(waits.filter((w) => w.state === 'waiting').length).toBeGreaterThan(0);
    expect(Math.max(...waits.filter((w) => w.state === 'acquired').map((w) => w.waitedMs))).toBeGreaterThan(0);
    expect(waits.at(-1)!.waiting).toBe(0);
  });

  it('a statement cancelled while waiting takes no slot and is reported abandoned', async () => {
    const slots = new FakeSlots(1);
    let release!: () => void;
    const { statementRunner, waits } = runner(slots, () => new Promise<Row[]>((resolve) => (release = () => resolve([]))));
    const first = statementRunner.execute(table, 'aggregate', 'SELECT 1', new AbortController().signal);
    const controller = new AbortController();
    const second = statementRunner.execute(table, 'aggregate', 'SELECT 2', controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    // The first statement's lease, then the second's wait, which ended without one.
    expect(waits.map((w) => w.state).sort()).toEqual(['abandoned', 'acquired', 'waiting']);
    expect(waits.find((w) => w.state === 'abandoned')!.waitedMs).toBeGreaterThan(0);
    release();
    await first;
    expect(slots.held).toBe(0);
  });

  it('a statement cancelled while running gives its slot back', async () => {
    const slots = new FakeSlots(1);
    const controller = new AbortController();
    const { statementRunner } = runner(
      slots,
      (_, signal) => new Promise<Row[]>((_, reject) => signal!.addEventListener('abort', () => reject(new CancelledError('statement cancelled on the server')))),
    );
    const running = statementRunner.execute(table, 'aggregate', 'SELECT 1', controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slots.held).toBe(1);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(slots.held).toBe(0);
  });
});
