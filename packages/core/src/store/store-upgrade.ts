import type { SqlDriver, TransactionQuery } from '../adapter/sql-driver.js';
import type { Row } from '../adapter/types.js';
import { STORE_SCHEMA_VERSION } from './contract.js';
import { storedDate, storedNumber } from './row-values.js';
import { storeMigrations, type StoreIndex, type StoreTableNames } from './sql-schema.js';
import { inspectStore, type StoreShape } from './store-shape.js';

/** One statement of an upgrade; `tolerate` names the errors that mean it was done before. */
interface UpgradeStatement {
  readonly sql: string;
  readonly params?: readonly unknown[];
  readonly tolerate?: RegExp;
}

/** A second process recorded the same version, or created the same index, first. */
const ALREADY_DONE = /duplicate|unique|exist/i;

/**
 * Brings the store to the current layout, or changes nothing. Everything is looked at first, so a
 * store neither tool made fails before any change (StoreLayoutError). Where DDL is transactional
 * (SQLite, PostgreSQL) the whole upgrade is one transaction. Elsewhere (MySQL) every statement is
 * one that a second attempt repeats harmlessly, the versions are recorded only after every table
 * exists, and the old version table is dropped last: an upgrade cut short is finished by the next.
 */
export async function upgradeStore(driver: SqlDriver, names: StoreTableNames): Promise<void> {
  const shape = await inspectStore(driver, names);
  const statements = upgradeStatements(driver, names, shape, await recordedVersions(driver, names, shape));
  if (!driver.transactionalDdl) {
    for (const statement of statements) await runTolerating(driver.query, statement);
    return;
  }
  try {
    await driver.transaction(async (query) => {
      for (const statement of statements) await query(statement.sql, statement.params);
    });
  } catch (err) {
    // Another process upgraded the store at the same time: its upgrade is as good as ours.
    const now = await inspectStore(driver, names)
      .then((after) => storeLayoutVersion(driver, names, after))
      .catch(() => 0);
    if (now < STORE_SCHEMA_VERSION) throw err;
  }
}

/**
 * The newest layout version recorded in the store; 0 when nothing is. A store only Baselinr has
 * written to is at layout 1: its runs and results tables are readable as they are.
 */
export async function storeLayoutVersion(driver: SqlDriver, names: StoreTableNames, shape: StoreShape): Promise<number> {
  const { earlier, layout } = await recordedVersions(driver, names, shape);
  return Math.max(shape.runs === 'baselinr' ? 1 : 0, ...earlier.keys(), ...layout.keys());
}

/** When the store took a layout version; null when it has not (or records nothing). */
export async function layoutAppliedAt(driver: SqlDriver, names: StoreTableNames, shape: StoreShape, version: number): Promise<Date | null> {
  const { earlier, layout } = await recordedVersions(driver, names, shape);
  const row = layout.get(version) ?? earlier.get(version);
  return row ? storedDate(row.applied_at) : null;
}

interface RecordedVersions {
  /** Recorded in Baselinr's table name, as this product did before layout 5 (never Baselinr's own rows). */
  readonly earlier: ReadonlyMap<number, Row>;
  /** Recorded in this product's own version table. */
  readonly layout: ReadonlyMap<number, Row>;
}

async function recordedVersions(driver: SqlDriver, names: StoreTableNames, shape: StoreShape): Promise<RecordedVersions> {
  const read = async (table: string, present: boolean): Promise<Map<number, Row>> => {
    if (!present) return new Map();
    const rows = await driver.query(`SELECT version, applied_at, description FROM ${driver.quoteIdentifier(table)}`);
    return new Map(rows.map((row) => [storedNumber(row.version) ?? 0, row]));
  };
  return { earlier: await read(names.version, shape.versions === 'own'), layout: await read(names.layout, shape.layoutTable) };
}

function upgradeStatements(driver: SqlDriver, names: StoreTableNames, shape: StoreShape, { earlier, layout }: RecordedVersions): UpgradeStatement[] {
  const q = driver.quoteIdentifier;
  const p = driver.placeholder;
  const { text, timestamp } = driver.types;
  const statements: UpgradeStatement[] = [];
  // This product's events were called baselinr_events before layout 5; that name is Baselinr's.
  if (shape.events === 'own') statements.push({ sql: `ALTER TABLE ${q(names.baselinrEvents)} RENAME TO ${q(names.events)}` });
  statements.push({ sql: `CREATE TABLE IF NOT EXISTS ${q(names.layout)} (version INTEGER NOT NULL PRIMARY KEY, applied_at ${timestamp} NOT NULL, description ${text})` });
  const migrations = storeMigrations(names, driver, shape);
  for (const migration of migrations) {
    // Tables are created whatever the recorded version: CREATE IF NOT EXISTS repairs a half-applied step.
    for (const sql of migration.tables) statements.push({ sql });
    if (earlier.has(migration.version) || layout.has(migration.version)) continue;
    for (const index of migration.indexes) statements.push(indexStatement(driver, index));
    for (const sql of migration.alterations ?? []) statements.push({ sql });
  }
  // Versions last: a version recorded means every table of it exists.
  for (const migration of migrations) {
    if (layout.has(migration.version)) continue;
    const before = earlier.get(migration.version);
    statements.push({
      sql: `INSERT INTO ${q(names.layout)} (version, applied_at, description) VALUES (${p(0)}, ${p(1)}, ${p(2)})`,
      params: [migration.version, before ? storedDate(before.applied_at) : new Date(), before?.description ?? migration.description],
      tolerate: ALREADY_DONE,
    });
  }
  // Baselinr creates its own version table (with its columns) when it next runs on this store.
  if (shape.versions === 'own') statements.push({ sql: `DROP TABLE ${q(names.version)}` });
  return statements;
}

/** CREATE INDEX IF NOT EXISTS where the database has it; MySQL does not, so there an existing index is tolerated. */
function indexStatement(driver: SqlDriver, index: StoreIndex): UpgradeStatement {
  const q = driver.quoteIdentifier;
  return driver.transactionalDdl
    ? { sql: `CREATE INDEX IF NOT EXISTS ${q(index.name)} ON ${q(index.table)} (${index.columns})` }
    : { sql: `CREATE INDEX ${q(index.name)} ON ${q(index.table)} (${index.columns})`, tolerate: ALREADY_DONE };
}

async function runTolerating(query: TransactionQuery, statement: UpgradeStatement): Promise<void> {
  try {
    await query(statement.sql, statement.params);
  } catch (err) {
    if (!statement.tolerate?.test(String((err as Error).message))) throw err;
  }
}
