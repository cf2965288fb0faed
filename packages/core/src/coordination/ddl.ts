import type { SqlDriver } from '../adapter/sql-driver.js';

/** PostgreSQL 23505 and catalog races, MySQL ER_DUP_ENTRY, SQLite's UNIQUE constraint: all say one of these. */
export function isDuplicateKeyError(err: unknown): boolean {
  return /duplicate|unique/i.test(String((err as Error | undefined)?.message ?? err));
}

/**
 * CREATE TABLE IF NOT EXISTS from several processes at once can still fail on PostgreSQL (two
 * sessions insert the same catalog row); the loser's second try finds the table and does nothing.
 */
export async function createTableRacing(driver: Pick<SqlDriver, 'query'>, createSql: string): Promise<void> {
  try {
    await driver.query(createSql);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await driver.query(createSql);
  }
}
