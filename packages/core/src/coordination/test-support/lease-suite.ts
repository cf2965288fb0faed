import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../../adapter/sql-driver.js';
import { LeaseTable } from '../lease-table.js';
import { SharedSlotLimiter, type SlotLimiterOptions } from '../slot-limiter.js';

/** A fresh place for leases in one database: `connect()` opens one more independent connection to it. */
export interface LeaseDatabase {
  connect(): Promise<SqlDriver>;
  drop(): Promise<void>;
}

const CONTENDERS = 5;

/**
 * The lease logic against a real database: claims race on real connections, and expiry is judged
 * by that database's clock.
 */
export function describeLeases(name: string, createDatabase: () => Promise<LeaseDatabase>): void {
  describe(`shared slot leases on ${name}`, () => {
    let database: LeaseDatabase;
    const drivers: SqlDriver[] = [];
    const limiters: SharedSlotLimiter[] = [];
    const pool = () => `test-pool-${randomUUID().slice(0, 8)}`;
    const connect = async () => {
      const driver = await database.connect();
      drivers.push(driver);
      return driver;
    };
    const limiter = async (options: Partial<SlotLimiterOptions> & Pick<SlotLimiterOptions, 'pool' | 'slots'>) => {
      const opened = await SharedSlotLimiter.open(await database.connect(), { leaseTtlMs: 5_000, heartbeatMs: 1_000, owner: 'test', pollMs: 20, ...options });
      limiters.push(opened);
      return opened;
    };

    beforeEach(async () => {
      database = await createDatabase();
    });
    afterEach(async () => {
      await Promise.allSettled(limiters.splice(0).map((l) => l.close()));
      await Promise.allSettled(drivers.splice(0).map((d) => d.close()));
      await database.drop();
    });

    it('connections claiming the same free slot at once: exactly one holds it, every round', async () => {
      const name = pool();
      const tables = await Promise.all(Array.from({ length: CONTENDERS }, async () => new LeaseTable(await connect(), name)));
      await tables[0]!.ensure(1);
      for (let round = 0; round < 5; round++) {
        const tokens = tables.map(() => randomUUID());
        const won = await Promise.all(tables.map((table, i) => table.claim(0, tokens[i]!, `contender ${i}`, 10_000)));
        expect(won.filter(Boolean)).toHaveLength(1);
        const winner = won.indexOf(true);
        expect([...(await tables[0]!.renew(tokens, 10_000))]).toEqual([tokens[winner]]);
        await tables[winner]!.release([tokens[winner]!]);
        expect(await tables[0]!.freeSlots(1)).toEqual([0]);
      }
    });

    it('limiters on separate connections never hand one slot to two holders, and use every slot', async () => {
      const name = pool();
      const slots = 3;
      const contenders = await Promise.all(Array.from({ length: CONTENDERS }, () => limiter({ pool: name, slots })));
      const holders = new Map<number, number>();
      let peak = 0;
      const clashes: string[] = [];
      await Promise.all(
        contenders.flatMap((contender, c) =>
          Array.from({ length: 3 }, async () => {
            for (let i = 0; i < 4; i++) {
              const lease = await contender.acquire();
              if (holders.has(lease.slot)) clashes.push(`slot ${lease.slot}: contender ${c} while ${holders.get(lease.slot)} holds it`);
              holders.set(lease.slot, c);
              peak = Math.max(peak, holders.size);
              await sleep(5 + Math.random() * 15);
              holders.delete(lease.slot);
              await lease.release();
            }
          }),
        ),
      );
      expect(clashes).toEqual([]);
      expect(peak).toBeLessThanOrEqual(slots);
      expect(peak).toBeGreaterThan(1);
      expect(await new LeaseTable(await connect(), name).freeSlots(slots)).toHaveLength(slots);
    });

    it("a holder that stops renewing loses its slot after the TTL, by the database's clock", async () => {
      const name = pool();
      const [a, b] = [new LeaseTable(await connect(), name), new LeaseTable(await connect(), name)];
      await a.ensure(1);
      const ttlMs = 400;
      expect(await a.claim(0, 'dead-holder', 'a', ttlMs)).toBe(true);
      expect(await b.claim(0, 'waiting-holder', 'b', ttlMs)).toBe(false);
      const began = performance.now();
      let claimed = false;
      while (!claimed && performance.now() - began < 5_000) {
        await sleep(50);
        claimed = await b.claim(0, 'waiting-holder', 'b', 10_000);
      }
      expect(claimed).toBe(true);
      expect(performance.now() - began).toBeGreaterThanOrEqual(ttlMs - 100);
      // The old holder's heartbeat finds the slot gone and must not take it back.
      expect(await a.renew(['dead-holder'], 10_000)).toEqual(new Set());
      await a.release(['dead-holder']);
      expect(await b.freeSlots(1)).toEqual([]);
    });

    it('a heartbeat keeps a lease past its TTL; release hands the slot to the waiting process', async () => {
      const name = pool();
      const holder = await limiter({ pool: name, slots: 1, leaseTtlMs: 500, heartbeatMs: 120 });
      const other = await limiter({ pool: name, slots: 1, leaseTtlMs: 500, heartbeatMs: 120 });
      const lease = await holder.acquire();
      let waited = false;
      const next = other.acquire(undefined, () => (waited = true));
      const outcome = await Promise.race([next.then(() => 'acquired'), sleep(1_500).then(() => 'still waiting')]);
      expect(outcome).toBe('still waiting');
      expect(waited).toBe(true);
      expect(other.waiting).toBe(1);
      await lease.release();
      const second = await next;
      expect(second.slot).toBe(0);
      expect(second.waitedMs).toBeGreaterThanOrEqual(1_500);
      await second.release();
    });

    it('a cancelled wait takes no slot, and closing releases what the process held', async () => {
      const name = pool();
      const first = await limiter({ pool: name, slots: 2 });
      const second = await limiter({ pool: name, slots: 2 });
      const held = [await first.acquire(), await first.acquire()];
      expect(held.map((l) => l.slot).sort()).toEqual([0, 1]);
      const controller = new AbortController();
      const waiting = second.acquire(controller.signal);
      await sleep(100);
      controller.abort();
      await expect(waiting).rejects.toThrow(/cancelled while waiting/);
      expect(second.waiting).toBe(0);
      await first.close();
      const table = new LeaseTable(await connect(), name);
      expect(await table.freeSlots(2)).toEqual([0, 1]);
      // A release after close changes nothing and does not throw.
      await held[0]!.release();
      await expect(first.acquire()).rejects.toThrow(/was closed/);
    });
  });
}
