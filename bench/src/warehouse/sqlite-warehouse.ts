import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteGenerator } from './sql-dialect.js';
import { tableStatements } from './table-sql.js';
import type { TableSet } from './table-sets.js';
import type { BenchWarehouse } from './warehouse.js';

/** The benchmark warehouse in SQLite: one file per set (`<dir>/bench_equal.db`), tables in `main`. */
export class SqliteWarehouse implements BenchWarehouse {
  readonly engine = 'sqlite';
  constructor(private readonly directory: string) {}

  async create(set: TableSet): Promise<void> {
    await this.drop(set);
    this.withDatabase(set, (db) => {
      // One transaction for the whole set: SQLite commits (and syncs) once.
      db.transaction(() => {
        for (const table of set.tables) for (const sql of tableStatements('main', table, sqliteGenerator)) db.exec(sql);
      })();
    });
  }

  async warm(set: TableSet): Promise<void> {
    this.withDatabase(set, (db) => {
      for (const t of set.tables) db.prepare(`SELECT count(*) FROM ${sqliteGenerator.quote(t.name)}`).get();
    });
  }

  async analyze(set: TableSet): Promise<void> {
    this.withDatabase(set, (db) => db.exec('ANALYZE'));
  }

  async tablesWithoutEstimate(set: TableSet): Promise<number> {
    return this.withDatabase(set, (db) => {
      const hasStats = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get() !== undefined;
      if (!hasStats) return set.tables.length;
      const analyzed = new Set(db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1').pluck().all() as string[]);
      return set.tables.filter((t) => !analyzed.has(t.name)).length;
    });
  }

  async drop(set: TableSet): Promise<void> {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(this.file(set) + suffix, { force: true });
  }

  source(set: TableSet) {
    return { source: { type: 'sqlite', filepath: this.file(set) }, schema: 'main' };
  }

  async close(): Promise<void> {}

  private file(set: TableSet): string {
    return join(this.directory, `${set.schema}.db`);
  }

  private withDatabase<T>(set: TableSet, use: (db: Database.Database) => T): T {
    const db = new Database(this.file(set));
    try {
      return use(db);
    } finally {
      db.close();
    }
  }
}
