import type { SqlDriver } from '../adapter/sql-driver.js';

/** PostgreSQL 23505 and catalog races, MySQL ER_DUP_ENTRY, SQLite's UNIQUE constraint: all say one of these. */
export function isDuplicateKeyError(err: unknown): boolean {
  return /duplicate|unique/i.test(String((err as Error | undefined)?.message ?? err));
}

/**
 * What the loser of two concurrent CREATE TABLE IF NOT EXISTS hears on PostgreSQL: a duplicate key
 * in the catalog (23505), or its row type "already exists" (42710), depending on where they met.
 */
const CREATE_RACE_LOST = /duplicate|unique|already exists/i;

/**
 * CREATE TABLE IF NOT EXISTS from several processes at once can still fail on PostgreSQL (two
 * sessions insert the same catalog row); the loser's second try finds the table and does nothing.
 */
export async function createTableRacing(driver: Pick<SqlDriver, 'query'>, createSql: string): Promise<void> {
  try {
    await driver.query(createSql);
  } catch (err) {
    if (!CREATE_RACE_LOST.test(String((err as Error | undefined)?.message ?? err))) throw err;
    await driver.query(createSql);
  }
}
