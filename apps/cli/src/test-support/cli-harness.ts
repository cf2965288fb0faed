import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../program.js';

const quickstart = fileURLToPath(new URL('../../../../examples/quickstart/', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process with captured stdout and stderr. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface Workspace {
  readonly dir: string;
  readonly config: string;
  /** Changes the warehouse behind Baselinr's back, as a user would with sqlite3. */
  warehouse<T>(work: (db: Database.Database) => T): T;
  /** Reads the results store directly, independently of the store's own reads. */
  results<T>(read: (db: Database.Database) => T): T;
  cleanup(): void;
}

function workspace(dir: string, config: string): Workspace {
  const open = <T>(file: string, work: (db: Database.Database) => T, readonly = false): T => {
    const db = new Database(join(dir, file), { readonly });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    dir,
    config,
    warehouse: (work) => open('warehouse.db', work),
    results: (read) => open('.baselinr/results.db', read, true),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A temp copy of the quickstart demo: its config and a freshly built warehouse (deterministic data). */
export function quickstartCopy(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-demo-'));
  copyFileSync(join(quickstart, 'config.yml'), join(dir, 'config.yml'));
  const build = spawnSync(process.execPath, [join(quickstart, 'build-warehouse.mjs'), join(dir, 'warehouse.db')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build-warehouse.mjs failed: ${build.stderr}`);
  return workspace(dir, join(dir, 'config.yml'));
}

/** A small SQLite warehouse with the given DDL and config body (store under .baselinr/). */
export function smallWarehouse(ddl: string, configBody = ''): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-history-cli-'));
  const ws = workspace(dir, join(dir, 'config.yml'));
  ws.warehouse((db) => db.exec(ddl));
  writeFileSync(ws.config, `source: { type: sqlite, filepath: warehouse.db }\nstorage: { connection: { type: sqlite, filepath: .baselinr/results.db } }\n${configBody}`);
  return ws;
}
