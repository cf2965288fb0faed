import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, type BaselinrConfig } from '@baselinr/core';

export interface Workspace {
  readonly dir: string;
  readonly warehouse: string;
  readonly results: string;
  /** Runs DDL/DML on the warehouse file directly (the test's back door). */
  exec(sql: string, rows?: ReadonlyArray<readonly unknown[]>): void;
  config(overrides?: Record<string, unknown>): BaselinrConfig;
  /** Reads the results store directly, independently of the adapter's own reads. */
  results_db<T>(read: (db: Database.Database) => T): T;
  cleanup(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-sqlite-'));
  const warehouse = join(dir, 'warehouse.db');
  const results = join(dir, 'results.db');
  const db = new Database(warehouse);
  return {
    dir,
    warehouse,
    results,
    exec(sql, rows) {
      if (!rows) {
        db.exec(sql);
        return;
      }
      const statement = db.prepare(sql);
      db.transaction(() => {
        for (const r of rows) statement.run(...r);
      })();
    },
    config(overrides = {}) {
      return validateConfig({
        source: { type: 'sqlite', filepath: warehouse },
        storage: { connection: { type: 'sqlite', filepath: results } },
        ...overrides,
      });
    },
    results_db(read) {
      const r = new Database(results, { readonly: true });
      try {
        return read(r);
      } finally {
        r.close();
      }
    },
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random numbers: the kit's generator, so every suite draws the same way. */
export { seededRandom as seeded } from '@baselinr/adapter-testkit';
