import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { registerFunctions } from './functions.js';

/**
 * Runs better-sqlite3 (synchronous) off the main thread, so progress output and the metrics
 * endpoint stay responsive during a long scan. One request at a time, in arrival order.
 */
export interface WorkerRequest {
  readonly id: number;
  readonly sql: string;
  readonly params?: readonly unknown[];
}
export type WorkerResponse =
  | { readonly id: number; readonly rows: Record<string, unknown>[] }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

const { filepath } = workerData as { filepath: string };
let db: Database.Database | undefined;
let openError: { message: string; code?: string } | undefined;
try {
  db = new Database(filepath, { readonly: true, fileMustExist: true });
  registerFunctions(db);
} catch (err) {
  openError = { message: (err as Error).message, code: (err as { code?: string }).code ?? 'SQLITE_CANTOPEN' };
}

parentPort!.on('message', (request: WorkerRequest) => {
  if (!db) {
    parentPort!.postMessage({ id: request.id, error: openError! } satisfies WorkerResponse);
    return;
  }
  try {
    const statement = db.prepare(request.sql).safeIntegers(true);
    const params = request.params ?? [];
    let rows: Record<string, unknown>[] = [];
    if (statement.reader) rows = statement.all(...params) as Record<string, unknown>[];
    else statement.run(...params);
    parentPort!.postMessage({ id: request.id, rows } satisfies WorkerResponse);
  } catch (err) {
    // better-sqlite3's own checks (several statements, bad parameters) throw a plain RangeError or
    // TypeError with no result code: its class name stands in, so the error keeps a driver code.
    const code = (err as { code?: string }).code ?? (err as Error).name;
    parentPort!.postMessage({ id: request.id, error: { message: (err as Error).message, code } } satisfies WorkerResponse);
  }
});
