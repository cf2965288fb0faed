import type { SqlDriver } from '../adapter/sql-driver.js';
import { createTableRacing, isDuplicateKeyError } from './ddl.js';

export const LEASE_TABLE = 'baselinr_slot_leases';

/** Inserting missing slot rows races with other processes doing the same; each loss is retried. */
const ENSURE_ATTEMPTS = 3;

/**
 * The leases of one pool: one row per (pool, slot), free when it has no holder or its lease
 * expired by the database's clock. A slot is claimed by one conditional UPDATE, which the
 * database applies to a row for one writer at a time, and the claim is verified by reading back
 * the claimant's unique token: two holders can never both see the same slot as theirs.
 */
export class LeaseTable {
  private readonly table: string;

  constructor(
    private readonly driver: SqlDriver,
    readonly pool: string,
  ) {
    this.table = driver.quoteIdentifier(LEASE_TABLE);
  }

  /** Creates the table when missing and the pool's rows for slots 0 to slots - 1. */
  async ensure(slots: number): Promise<void> {
    const { key, text } = this.driver.types;
    await createTableRacing(
      this.driver,
      `CREATE TABLE IF NOT EXISTS ${this.table} (pool_name ${key} NOT NULL, slot_no INTEGER NOT NULL, holder ${key}, owner ${text}, ` +
        `acquired_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL, PRIMARY KEY (pool_name, slot_no))`,
    );
    for (let attempt = 1; ; attempt++) {
      const existing = new Set((await this.query(`SELECT slot_no FROM ${this.table} WHERE pool_name = ${this.p(0)}`, [this.pool])).map((r) => Number(r.slot_no)));
      const missing = Array.from({ length: slots }, (_, slot) => slot).filter((slot) => !existing.has(slot));
      if (missing.length === 0) return;
      const rows = missing.map((_, i) => `(${this.p(2 * i)}, ${this.p(2 * i + 1)}, NULL, NULL, 0, 0)`).join(', ');
      try {
        await this.query(
          `INSERT INTO ${this.table} (pool_name, slot_no, holder, owner, acquired_ms, expires_ms) VALUES ${rows}`,
          missing.flatMap((slot) => [this.pool, slot]),
        );
        return;
      } catch (err) {
        // Another process inserted some of the same rows first: read again and insert the rest.
        if (!isDuplicateKeyError(err) || attempt >= ENSURE_ATTEMPTS) throw err;
      }
    }
  }

  /** Slots below `slots` that are free now by the database's clock, in slot order. */
  async freeSlots(slots: number): Promise<number[]> {
    const { clockMs } = this.driver;
    const rows = await this.query(
      `SELECT slot_no FROM ${this.table} WHERE pool_name = ${this.p(0)} AND slot_no < ${this.p(1)} AND (holder IS NULL OR expires_ms < ${clockMs}) ORDER BY slot_no`,
      [this.pool, slots],
    );
    return rows.map((r) => Number(r.slot_no));
  }

  /** Claims `slot` for `token` if it is still free; true when the token now holds it. */
  async claim(slot: number, token: string, owner: string, ttlMs: number): Promise<boolean> {
    const { clockMs } = this.driver;
    const p = this.p;
    await this.query(
      `UPDATE ${this.table} SET holder = ${p(0)}, owner = ${p(1)}, acquired_ms = ${clockMs}, expires_ms = ${clockMs} + ${p(2)} ` +
        `WHERE pool_name = ${p(3)} AND slot_no = ${p(4)} AND (holder IS NULL OR expires_ms < ${clockMs})`,
      [token, owner, ttlMs, this.pool, slot],
    );
    const held = await this.query(`SELECT slot_no FROM ${this.table} WHERE pool_name = ${p(0)} AND slot_no = ${p(1)} AND holder = ${p(2)}`, [this.pool, slot, token]);
    return held.length === 1;
  }

  /**
   * Extends the leases of `tokens` to a TTL from now and returns the tokens still held. A token
   * missing from the answer lost its slot: it expired and another holder claimed it.
   */
  async renew(tokens: readonly string[], ttlMs: number): Promise<Set<string>> {
    if (tokens.length === 0) return new Set();
    const { clockMs } = this.driver;
    await this.query(`UPDATE ${this.table} SET expires_ms = ${clockMs} + ${this.p(0)} WHERE pool_name = ${this.p(1)} AND holder IN (${this.list(2, tokens.length)})`, [
      ttlMs,
      this.pool,
      ...tokens,
    ]);
    const rows = await this.query(`SELECT holder FROM ${this.table} WHERE pool_name = ${this.p(0)} AND holder IN (${this.list(1, tokens.length)})`, [this.pool, ...tokens]);
    return new Set(rows.map((r) => String(r.holder)));
  }

  /** Frees the slots `tokens` hold; a token that no longer holds its slot changes nothing. */
  async release(tokens: readonly string[]): Promise<void> {
    if (tokens.length === 0) return;
    await this.query(`UPDATE ${this.table} SET holder = NULL, owner = NULL, expires_ms = 0 WHERE pool_name = ${this.p(0)} AND holder IN (${this.list(1, tokens.length)})`, [
      this.pool,
      ...tokens,
    ]);
  }

  private readonly p = (index: number) => this.driver.placeholder(index);

  /** Placeholders for `count` values starting at parameter `first`. */
  private list(first: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.p(first + i)).join(', ');
  }

  private query(sql: string, params: readonly unknown[]) {
    return this.driver.query(sql, params);
  }
}
