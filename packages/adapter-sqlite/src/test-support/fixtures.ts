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
      db.transaction(() => rows.forEach((r) => statement.run(...r)))();
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

/** Deterministic pseudo-random numbers (mulberry32), so generated data is the same every run. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
